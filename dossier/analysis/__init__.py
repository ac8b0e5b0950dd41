"""The registry and the Danish text analysis: who a text names, who said what, who is new.

Pure functions over text and the registry (reading content/people, content/organisations and
the rejection list is the only file access; analyse.py also keeps a cache in state/). The order of
one text's analysis is written once, in analyse.analyse_text(). May import the content model
(dossier.content, dossier.documents) only; never Pelican, the plugin, publishing or the scrapers.
"""
