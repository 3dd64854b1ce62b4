"""Background jobs: long work — big exports today — run on RQ (Redis) with ``omtanke worker``, or in a few threads of
the app on the embedded default; the person follows its progress on a page and downloads the file when it is done."""
