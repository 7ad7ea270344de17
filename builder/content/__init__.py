"""Loading and validating content: the format models, YAML with positions, explanations and cross-checks."""
