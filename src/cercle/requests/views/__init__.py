"""Request pages, split by feature: browsing, filing, and the actions taken on a request."""
