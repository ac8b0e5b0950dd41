"""Scrapers: fetch -> parse feed -> fetch page -> extract -> match topic -> dedupe -> write.

One module per stage (fetch, feeds with jsonfeed, pages, extract, topic, dedupe, store);
run.scrape() is the order, items.py one item's pipeline and session.py what a run shares; state
keeps what a run learned, backoff and retry its failure memory; demo serves the test sites for
`make demo`. The history: backfill.backfill() is the order of a backfill (listings, sitemaps,
wayback, enrich), warc keeps every response, recheck/changes/revise track what sources change,
history remembers versions. fetch.py is the only network I/O; imports only the content model.
"""
