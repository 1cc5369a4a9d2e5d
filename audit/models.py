"""Models come with their own issue."""
