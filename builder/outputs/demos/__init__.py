"""Click-through demos: one self-contained HTML file per scenario and language, from the view model."""
