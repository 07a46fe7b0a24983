"""The pages: the interactive view, the coverage report and heat map, annotated documents."""
