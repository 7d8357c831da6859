"""The browser editor (Decap CMS) over a campaign folder: its config, its API, its pages."""
