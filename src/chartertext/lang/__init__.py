"""Language data: the words of French minutes that several stages need (:mod:`.fr`)."""
