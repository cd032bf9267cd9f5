"""Language understanding that Rasa alone doesn't do: language detection, extraction, normalisation."""
