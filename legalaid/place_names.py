"""Official place abbreviations printed in document and case numbers (data, not interface text)."""

# GB/T 2260 province prefixes and the one-character abbreviations used in document numbers.
PROVINCE_ABBREVIATIONS = {
    "11": "京",
    "12": "津",
    "13": "冀",
    "14": "晋",
    "15": "蒙",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "31": "沪",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "黔",
    "53": "滇",
    "54": "藏",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}


def default_region(division_code: str) -> str:
    """皖0422 for 340422: the province's abbreviation and the last four digits of the code."""
    code = (division_code or "").strip()
    return PROVINCE_ABBREVIATIONS.get(code[:2], "") + code[2:6]
