"""Patrol records (巡查记录) and their photos: loading, EXIF, matching photos to lists."""
