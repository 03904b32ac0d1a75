"""The access log of personal data (issue: every view of a full ID number or phone, scan download and export)."""
