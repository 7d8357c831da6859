"""``placard serve``: the campaign and the built site kept in memory, updated edit by edit.

* :mod:`.campaign` reloads only the slogan files that changed and re-runs the checks;
* :mod:`.site` re-renders only the pages whose sources changed, with MkDocs' own page
  functions and the config, files, nav and templates of the last full build;
* :mod:`.watch` turns file events (watchdog's inotify observer, no polling) into batches;
* :mod:`.server` serves the site on 127.0.0.1 with a reload script and the error overlay.
"""
