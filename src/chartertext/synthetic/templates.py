"""French sentence templates and fillers for planted corpora (language data, no logic).

``SHARED_TEMPLATES`` speak of shared values (``SHARED_POOLS``) without any group's theme words;
each theme's sentences come from ``THEME_TEMPLATES`` filled with that theme's ``THEMES`` pools. Slots are
``{name}`` or ``{name2}`` (a second, different filler of the same pool). ``NEUTRAL`` pools
(speakers, neighbourhoods, months, numbers) are used by both kinds, so they carry no signal.
"""

from __future__ import annotations

NEUTRAL: dict[str, list[str]] = {
    "personne": [
        "Mme Durand", "M. Benali", "Mme Lefèvre", "M. Nguyen", "Mme Moreau", "M. Haddad",
        "Mme Rousseau", "M. Fontaine", "Mme Traoré", "M. Garnier", "la présidente", "le rapporteur",
    ],
    "quartier": [
        "le quartier des Pentes", "le centre-ville", "le secteur nord", "les Hauts-de-Chênes",
        "le quartier de la gare", "la Cité des Fleurs", "le bourg", "le quartier Saint-Roch",
    ],
    "mois": ["janvier", "mars", "avril", "juin", "septembre", "octobre", "novembre", "décembre"],
    "chiffre": ["une dizaine de", "une vingtaine de", "une trentaine de", "près de cinquante", "une centaine de", "quelques"],
}

SHARED_POOLS: dict[str, list[str]] = {
    "valeur": [
        "la dignité des personnes", "la solidarité entre habitants", "l'écoute mutuelle",
        "le respect de chacun", "la participation des habitants", "la confiance réciproque",
        "l'égalité de traitement", "l'autonomie des personnes", "la bienveillance",
        "la coopération entre associations", "la transparence des décisions", "un accueil inconditionnel",
        "la fraternité", "la reconnaissance de chaque parcours",
    ],
    "public": [
        "les personnes accompagnées", "les habitants", "les familles", "les bénévoles",
        "les plus fragiles", "les personnes isolées", "les jeunes", "les aînés", "les citoyens",
    ],
}

SHARED_TEMPLATES: list[str] = [
    "{personne} rappelle que {valeur} doit guider chacune de nos actions.",
    "Les membres s'accordent pour placer {valeur} au cœur du projet commun.",
    "{personne} souligne que {valeur} et {valeur2} ne se décrètent pas : elles se construisent ensemble.",
    "Il est proposé d'inscrire {valeur} parmi les principes de la future charte.",
    "La discussion porte sur la manière de faire vivre {valeur} au quotidien avec {public}.",
    "Plusieurs participants insistent : sans {valeur}, aucune démarche ne peut réussir.",
    "{personne} témoigne de l'importance de {valeur} dans la relation avec {public}.",
    "Le groupe estime que {public} doivent être considérés comme des partenaires, dans {valeur}.",
    "Chacun reconnaît que {valeur} suppose du temps, de la patience et de la présence.",
    "La commission réaffirme son attachement à {valeur} et à {valeur2}.",
    "{personne} propose que la personne soit placée au centre de toute décision, au nom de {valeur}.",
    "Un consensus se dégage : {valeur} est une valeur que toutes les commissions partagent.",
    "Les échanges montrent que {valeur} se traduit d'abord par une attitude d'accueil envers {public}.",
    "Il faut, selon {personne}, que {public} se sentent écoutés et respectés.",
    "La présidente invite chacun à relier ses propositions à {valeur}.",
    "On rappelle que {valeur} implique de donner la parole à {public} sans les juger.",
    "{personne} cite l'exemple d'une association où {valeur} a transformé la vie collective.",
    "Les participants souhaitent que {valeur} figure en tête des engagements communs.",
    "Le débat fait apparaître un besoin de confiance et de reconnaissance mutuelle.",
    "Cet engagement pour {valeur} devra s'appliquer à toutes les structures signataires.",
    "{personne} estime que {valeur} passe par une vraie place laissée à {public}.",
    "La réunion s'achève sur un accord : {valeur} et {valeur2} seront les fils conducteurs de la démarche.",
    "Plusieurs voix rappellent que {public} ne sont pas des bénéficiaires mais des acteurs à part entière.",
    "Il est convenu de rédiger ensemble une déclaration commune sur {valeur}.",
    "{personne} rappelle que chacun mérite d'être accueilli avec humanité, quelle que soit sa situation.",
    "Le groupe insiste sur {valeur}, condition d'une action vraiment partagée.",
    "Les membres veulent traduire {valeur} en gestes concrets envers {public}.",
    "La commission considère que {valeur} doit se vivre dans chaque rencontre.",
]

THEME_TEMPLATES: list[str] = [
    "{personne} présente un point d'étape sur {objet} dans {quartier}.",
    "La commission examine {objet} et constate {probleme}.",
    "Le représentant de {acteur} signale {probleme} ; cela concerne {chiffre} ménages du secteur.",
    "Il est proposé de réunir {acteur} et {acteur2} pour avancer sur {objet}.",
    "{personne} rappelle le calendrier : un premier bilan sur {objet} est attendu en {mois}.",
    "Les membres demandent un état des lieux chiffré de {objet} dans {quartier}.",
    "Le dossier de {objet} a pris du retard, faute d'accord avec {acteur}.",
    "{personne} s'inquiète de {probleme} et demande une réponse rapide de {acteur}.",
    "Un groupe de travail sera chargé de {objet} d'ici {mois}.",
    "La visite de {lieu} a permis de mesurer {probleme}.",
    "La représentante de {acteur} annonce un financement pour {objet}, à confirmer en {mois}.",
    "Les participants comparent {objet} et {objet2} pour fixer les priorités.",
    "Selon {personne}, {probleme} s'aggrave depuis l'an dernier dans {quartier}.",
    "Un questionnaire sur {objet} a recueilli {chiffre} réponses.",
    "La commission demande à {acteur} de présenter son plan pour {objet}.",
    "{personne} propose une expérimentation autour de {lieu}.",
    "Le compte rendu de la précédente réunion sur {objet} est adopté.",
    "Il est décidé d'écrire à {acteur} au sujet de {probleme}.",
    "Les représentants de {acteur} et de {acteur2} détaillent leurs moyens pour {objet}.",
    "Les chiffres présentés montrent {probleme} dans {quartier}.",
    "{personne} fait le point sur {lieu}, dont l'ouverture est prévue en {mois}.",
    "La commission retient trois priorités : {objet}, {objet2} et la lutte contre {probleme}.",
    "Une réunion publique sur {objet} se tiendra en {mois} dans {quartier}.",
    "{personne} relève que {probleme} freine tout progrès sur {objet}.",
    "Le budget consacré à {objet} reste insuffisant selon plusieurs membres.",
    "Le représentant de {acteur} s'engage à transmettre les données sur {objet} avant {mois}.",
    "Une fiche technique sur {lieu} sera diffusée aux membres.",
    "Les membres valident le cahier des charges relatif à {objet}.",
]

THEMES: dict[str, dict[str, list[str]]] = {
    "logement": {
        "objet": [
            "la rénovation thermique des immeubles", "l'encadrement des loyers", "l'attribution des logements sociaux",
            "la résorption de l'habitat insalubre", "l'hébergement d'urgence", "la prévention des expulsions locatives",
            "la réhabilitation des copropriétés dégradées", "la construction de logements sociaux",
            "la remise sur le marché des logements vacants", "la maîtrise des charges locatives",
        ],
        "acteur": [
            "le bailleur social", "l'office HLM", "l'agence départementale d'information sur le logement",
            "le syndic de copropriété", "la direction de l'habitat", "les associations de locataires",
            "le service d'hébergement d'urgence",
        ],
        "lieu": [
            "la résidence des Tilleuls", "le foyer de jeunes travailleurs", "l'immeuble de la rue Pasteur",
            "le centre d'hébergement", "la copropriété du Parc", "les logements passerelles",
        ],
        "probleme": [
            "la hausse des impayés de loyer", "l'humidité dans de nombreux appartements", "l'allongement des listes d'attente",
            "la suroccupation des logements", "la dégradation des parties communes", "le nombre croissant d'expulsions",
            "la précarité énergétique des locataires",
        ],
    },
    "santé": {
        "objet": [
            "l'accès aux soins de premier recours", "la prévention du diabète", "la santé mentale des jeunes",
            "l'installation de médecins généralistes", "la campagne de vaccination", "le dépistage des cancers",
            "la permanence des soins", "le centre de santé municipal", "la lutte contre les addictions",
            "l'accompagnement des personnes âgées dépendantes",
        ],
        "acteur": [
            "l'agence régionale de santé", "la caisse primaire d'assurance maladie", "le centre hospitalier",
            "les médecins généralistes", "les infirmiers libéraux", "la maison de santé pluriprofessionnelle",
            "le service de psychiatrie",
        ],
        "lieu": [
            "la maison de santé", "le service des urgences", "le centre médico-psychologique",
            "la pharmacie de garde", "le cabinet de kinésithérapie", "l'unité mobile de dépistage",
        ],
        "probleme": [
            "la pénurie de médecins traitants", "l'engorgement des urgences", "les délais pour consulter un psychiatre",
            "le renoncement aux soins", "la baisse de la couverture vaccinale", "le manque de spécialistes",
            "la fermeture de lits hospitaliers",
        ],
    },
    "mobilité": {
        "objet": [
            "l'aménagement des pistes cyclables", "la fréquence des bus", "le prolongement du tramway",
            "le plan de stationnement", "la sécurisation des passages piétons", "le covoiturage domicile-travail",
            "la tarification des transports en commun", "l'accessibilité des quais", "la zone à faibles émissions",
            "le réseau de vélos en libre-service",
        ],
        "acteur": [
            "l'autorité organisatrice des mobilités", "l'exploitant du réseau de bus", "les services de la voirie",
            "l'association des usagers du vélo", "la direction des transports", "la société du tramway",
            "la police municipale",
        ],
        "lieu": [
            "le pôle d'échanges de la gare", "le carrefour des Quatre-Routes", "la ligne de bus 12",
            "le parking relais", "la station de tramway Hôtel-de-Ville", "la voie verte",
        ],
        "probleme": [
            "les embouteillages aux heures de pointe", "le stationnement sauvage sur les trottoirs",
            "la vitesse excessive des voitures", "les retards répétés des bus", "l'absence d'abris vélos",
            "la saturation du parking relais", "les accidents au carrefour",
        ],
    },
    "éducation": {
        "objet": [
            "la carte scolaire", "l'accompagnement à la scolarité", "la restauration scolaire",
            "le décrochage scolaire", "les activités périscolaires", "la rénovation des écoles",
            "l'inclusion des élèves handicapés", "le soutien à la parentalité",
        ],
        "acteur": [
            "l'inspection académique", "les directeurs d'école", "les parents d'élèves",
            "le service périscolaire", "les animateurs du centre de loisirs", "le rectorat",
        ],
        "lieu": [
            "l'école Jules-Ferry", "le collège Victor-Hugo", "la cantine centrale",
            "le centre de loisirs", "la médiathèque scolaire",
        ],
        "probleme": [
            "le manque d'enseignants remplaçants", "la surcharge des classes", "l'absentéisme des collégiens",
            "la vétusté des bâtiments scolaires", "le coût de la cantine pour les familles",
        ],
    },
    "emploi": {
        "objet": [
            "l'insertion professionnelle des jeunes", "le chantier d'insertion", "la formation des demandeurs d'emploi",
            "le forum de l'emploi", "l'accompagnement des créateurs d'entreprise", "l'apprentissage",
            "la clause d'insertion des marchés publics", "le retour à l'emploi des seniors",
        ],
        "acteur": [
            "France Travail", "la mission locale", "la chambre de commerce", "les entreprises du bassin",
            "la maison de l'emploi", "le plan local pour l'insertion",
        ],
        "lieu": [
            "la pépinière d'entreprises", "le chantier d'insertion du parc", "la zone d'activités",
            "le point information jeunesse", "l'atelier de formation",
        ],
        "probleme": [
            "le chômage de longue durée", "les difficultés de recrutement des entreprises", "le manque de qualifications",
            "les freins à la mobilité des demandeurs d'emploi", "la précarité des contrats courts",
        ],
    },
}
