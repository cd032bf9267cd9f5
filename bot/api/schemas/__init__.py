"""The response models of the HTTP API: what `/openapi.json` documents for each body.

One module per resource (leads, handoffs, events, tools, service). Every model forbids keys
it does not declare, so a view that grows a key without its model fails loudly (a 500 in
the tests) instead of dropping data from an answer or an export.
"""
