"""The integration tier's fixtures live in `tests/assistant.py` (registered by the root
conftest), so the security suite shares the same running assistant."""
