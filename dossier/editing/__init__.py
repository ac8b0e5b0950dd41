"""The editors' commands: check, new, entities (accept/reject), search and the local preview.

May import the analysis (the registry, mentions, discovery) and the content model; never the
plugin, publishing or the scrapers.
"""
