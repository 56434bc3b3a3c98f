"""Track how news articles change after they are published."""
