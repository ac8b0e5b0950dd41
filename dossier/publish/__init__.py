"""Publishing: the build (Pelican + Pagefind), verification, deploy targets and the cron order.

build.py runs Pelican, which loads the plugin by name (pelicanconf.py): publishing never imports
the plugin itself. update.py writes the cron order once (lock, scrape, commit, build, verify,
deploy) and calls the scrapers for its scrape stage. May import the content model, the editors'
check (a publish build refuses content errors) and the scrapers' entry point.
"""
