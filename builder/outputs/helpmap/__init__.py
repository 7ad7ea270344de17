"""Help links inside the platform: a help map per language and the script that puts a "Help" link on each page."""
