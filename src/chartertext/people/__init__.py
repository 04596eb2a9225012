"""People in French minutes: one name grammar for pseudonymisation, the network and the segmenter.

* :mod:`.names`: the words of a text read as names ("Mme Dupont", "DURAND Guillaume",
  "Mmes X et Y", a name broken across two lines), and :func:`~.names.fold`, the one matching key.
* :mod:`.written`: one written name read as a person, a role or an organisation.
* :mod:`.lists`: attendance lists and speaker cues cut into names.
* :mod:`.sources`, :mod:`.book`: every name a corpus shows, and which are the same person.
* :mod:`.pseudonymise`: those names replaced by stable pseudonyms.

The French words all of them rely on (civilities, roles, particles…) live in
:mod:`chartertext.lang.fr`.
"""
