"""Access for the public side: who a website visitor is (`visitor_auth`: signed visitor
tokens and Telegram link codes) and how often they may ask (`rate_limit`: token buckets).
"""
