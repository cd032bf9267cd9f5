"""Nurturing in the chat channels (docs/nurture.md): scenarios read from YAML files, a pure
planner, a scheduler in the app's loop, delivery on Telegram and the website widget, stops,
opt-outs and stats."""
