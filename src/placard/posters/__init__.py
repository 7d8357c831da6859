"""Printable posters: formats, templates, Chinese typesetting, QR codes, rendering.

Nothing here knows about MkDocs. :mod:`placard.posters.plan` turns a campaign into
a list of fully laid-out :class:`~placard.posters.plan.Job` s plus findings (every
problem that can be known before drawing); :mod:`placard.posters.build` draws
them in parallel with a cache.
"""
