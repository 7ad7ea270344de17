"""In-app tours: a Driver.js tour per scenario and language, pointing at the elements capture proved."""
