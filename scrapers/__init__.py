"""Scrapers: fetch -> parse feed -> fetch page -> extract -> match topic -> dedupe -> write.

One module per stage (fetch, feeds, pages, extract, topic, dedupe, store); run.scrape() is the
order; state keeps what a run learned; demo serves the test sites for `make demo`.
"""
