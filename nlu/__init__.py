"""Language understanding Rasa alone doesn't do: language detection, extraction, normalisation."""
