"""A follow-up in a real browser: a visitor who downloaded the guide and left finds, when they
come back, the case study in the widget with a badge counting it alone (not the history they
had already read)."""

from __future__ import annotations

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.assistant import Assistant
from tests.integration.test_nurture_dialogue import ADMIN, CASE_STUDY, download, until, zone_at
from tests.integration.test_widget_browser import Widget, eventually, lead_of, widget  # noqa: F401

pytestmark = pytest.mark.integration


def test_a_returning_visitor_sees_the_follow_up_with_a_badge(
    assistant: Assistant,
    widget: Widget,  # noqa: F811
) -> None:
    # The widget reports the browser's zone with each message, and the lead's zone is the
    # one its messages report: a browser on UTC put the follow-up in quiet hours at night.
    zone = zone_at(13)
    widget.driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
    widget.visit("/")
    widget.open()
    widget.say("Hello!")
    widget.wait_for_reply(0)
    lead = int(lead_of(assistant, widget.visitor())["id"])
    widget.find(".close").click()
    widget.driver.get("about:blank")  # the visitor leaves

    download(assistant, lead, "it-guide", zone)

    def stored() -> bool:
        found = httpx.get(f"{assistant.url}/api/leads/{lead}", headers=ADMIN, timeout=10).json()
        texts = [m["text"] for c in found["conversations"] for m in c["messages"]]
        return any(CASE_STUDY in t for t in texts)

    until(stored, 20, "the follow-up in the web conversation")
    widget.visit("/")  # and comes back
    badge = eventually(
        lambda: (b := widget.find(".badge")).get_attribute("hidden") is None and b,
        what="the badge",
    )
    assert badge.get_attribute("textContent") == "1"
    assert widget.find(".launcher").get_attribute("aria-label") == "Open the chat, 1 unread message"
    widget.screenshot("badge")
    widget.open()
    assert widget.find(".badge").get_attribute("hidden") is not None
    assert CASE_STUDY in widget.bubbles()[-1][1]
    link = widget.root.find_elements(By.CSS_SELECTOR, ".log a[href*='northwind']")
    assert link and link[-1].get_attribute("rel") == "noopener noreferrer nofollow"
    widget.screenshot("follow-up")
    widget.driver.refresh()  # seen: no badge on the next page
    # the history loads after the page: no bubble at first
    eventually(lambda: any(CASE_STUDY in t for _, t in widget.bubbles()[-1:]), what="the history")
    assert widget.find(".badge").get_attribute("hidden") is not None
