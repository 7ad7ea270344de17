"""Workshop handouts: view model, print HTML and Chromium print to PDF."""
