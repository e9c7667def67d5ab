"""Pages, one module per area. Thin: parse input, call one selector or service, pick a response."""
