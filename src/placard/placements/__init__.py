"""Placement lists (点位台账): loading, the public-benefit share sweep, filling and the ledger.

Nothing here knows about MkDocs; the site pages live in :mod:`placard.site.placements`.
"""
