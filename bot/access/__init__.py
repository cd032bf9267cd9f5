"""Access for the public side: who a website visitor is (`visitor_auth`: signed visitor
tokens and Telegram link codes), how often they may ask (`rate_limit`: token buckets), and
the widget's guard that applies both with the origin allowlist (`widget_guard`).
"""
