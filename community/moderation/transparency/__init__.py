"""Published moderation numbers: per space and for the site, by month, never below a minimum."""
