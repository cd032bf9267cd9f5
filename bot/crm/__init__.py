"""CRM connectors: HubSpot (docs/crm.md). Outbound webhooks are bot/webhooks/."""
