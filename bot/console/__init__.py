"""The team's console: server-rendered pages at /console/ for people (issue 16).

Accounts and sign-in (`accounts`, `passwords`, `cookies`), who may do what (`roles`), the
pages' queries (`lead_list`, `lead_page`, `live`), French and English (`i18n`), and the
routes that serve them (`web`, `auth_routes`, `lead_routes`, `conversation_routes`).
Like bot/api/, this package speaks HTTP; the admin token stays the API's credential, the
console's is a signed session cookie.
"""
