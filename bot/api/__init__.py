"""HTTP routes of the app that are not a channel: actions webhook, admin, health."""
