"""Telling people what happened: SMS, e-mail and in-app messages (services), delivered by a task through
one small channel interface (channels), with texts that change over time (MessageText rows)."""
