"""Amounts of money in news text: "109,800 yuan", "$1.6 billion", "12.2 mln dlrs", "€450m", "HK$3 bln",
"US$ 3bn", "two billion euros", "Rs 200 crore"; and whether an amount is a price per share.

No library reads these well (the unit parsers take "3bn" for a quantity of bits): the patterns below know
news writing's scale words ("bln", "bn", "crore"), its symbols and currency words, and the context that
decides an ambiguous symbol: "¥" is yuan in a story about China and yen otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Money

SYMBOLS = {
    "us$": "USD", "$": "USD", "hk$": "HKD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "s$": "SGD",
    "nt$": "TWD", "nz$": "NZD", "r$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "cny": "CNY", "rmb": "CNY", "jpy": "JPY", "chf": "CHF",
    "hkd": "HKD", "krw": "KRW", "inr": "INR", "rs": "INR", "rs.": "INR",
}
WORDS = {
    "yuan": "CNY", "renminbi": "CNY", "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
    "dlr": "USD", "dlrs": "USD", "yen": "JPY", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "won": "KRW", "rupee": "INR", "rupees": "INR", "franc": "CHF", "francs": "CHF", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "real": "BRL", "reais": "BRL", "rand": "ZAR",
    "ringgit": "MYR", "baht": "THB", "lira": "TRY", "peso": "MXN", "pesos": "MXN", "dirhams": "AED",
    "riyals": "SAR", "crowns": "SEK", "kronor": "SEK", "krona": "SEK", "zloty": "PLN", "zlotys": "PLN", "zlotych": "PLN",
    "kroner": "NOK", "forints": "HUF", "forint": "HUF", "lei": "RON", "koruna": "CZK",
    "dong": "VND", "rupiah": "IDR", "naira": "NGN", "shillings": "KES", "cedis": "GHS", "taka": "BDT",
}
# A peso is Mexico's unless the sentence is about another country that counts in pesos.
PESO_COUNTRIES = {"philippine": "PHP", "chile": "CLP", "colombia": "COP", "argentin": "ARS"}
COUNTRY_DOLLARS = {
    "canadian": "CAD", "australian": "AUD", "hong kong": "HKD", "singapore": "SGD", "new zealand": "NZD",
    "taiwan": "TWD", "u.s.": "USD", "us": "USD", "swiss": "CHF", "swedish": "SEK", "norwegian": "NOK",
    "danish": "DKK", "french": "FRF", "belgian": "BEF",
}
SCALES = {
    "trillion": 1e12, "tln": 1e12, "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6,
    "mln": 1e6, "m": 1e6, "mn": 1e6, "thousand": 1e3, "k": 1e3,
    # Indian English counts in lakhs and crores: "Rs 12.5 lakh", "2,400 crore rupees"
    "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}
# Numbers in words, as news writes round figures: "two billion euros", "three hundred million dollars".
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({"a": 1, "an": 1, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                     "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half a": 0.5})
_WORDED = r"(?P<worded>(?:" + "|".join(sorted((w for w in NUMBER_WORDS if w != "zero"), key=len, reverse=True)) + \
    r")(?:[\s-](?:hundred|" + "|".join(w for w in NUMBER_WORDS if w in {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}) + r"))?)"
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>trillion|billion|million|thousand|crores?|lakhs?|tln|bln|mln|bn|mn|m|k|b)\b)?"
_SYMBOL = r"(?P<symbol>(?:US\$|HK\$|AU?\$|CA?\$|S\$|NT\$|NZ\$|R\$|\$|€|£|¥|₩|₹|USD|EUR|GBP|CNY|RMB|JPY|CHF|HKD|KRW|INR|Rs\.?)\s?)"
_COUNTRY = (r"(?:(?P<country>Canadian|Australian|Hong Kong|Singapore|New Zealand|Taiwan|U\.S\.|US|Swiss|Swedish|Norwegian|Danish|"
            r"French|Belgian|Philippine|Mexican|Chilean|Colombian|Argentine)\s)?")
_WORD = r"(?P<word>" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b"
PATTERN = re.compile(
    rf"{_SYMBOL}{_NUMBER}{_SCALE}|(?<![\w$€£¥]){_NUMBER.replace('num', 'num2')}"
    rf"{_SCALE.replace('scale', 'scale2')}\s{_COUNTRY}{_WORD}"
    rf"|\b{_WORDED}\s(?P<scale3>trillion|billion|million|thousand|crores?|lakhs?)\s{_COUNTRY.replace('country', 'country3')}"
    rf"{_WORD.replace('word', 'word3')}",
    re.IGNORECASE,
)
# "100 dlrs a share", "$25 per share", "at 92.50 dlrs each": a price per share, not a deal's value
PER_SHARE = re.compile(r"\s*(?:(?:a|per|for\s+each|each)\s+(?:common\s+|ordinary\s+|class\s+\w\s+)?(?:share|unit|ADS|ADR)\b|each\b)", re.I)
# A story about China prices in yuan whatever symbol it uses: "¥1.2 trillion, Chinese state media said"
CHINESE = re.compile(r"\b(?:China|Chinese|Beijing|Shanghai|Shenzhen|yuan|renminbi|RMB)\b")


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    money: Money
    per_share: bool = False  # "92.50 dlrs a share": the price of one share, not the deal's total


def amounts_in(text: str, offset: int = 0, context: str | None = None) -> list[Amount]:
    """The amounts of `text` (offsets from `offset`); `context`, the article, settles an ambiguous symbol."""
    found = []
    for m in PATTERN.finditer(text):
        if m.group("worded"):
            worded = m.group("worded").lower().replace("-", " ").split()
            number = str(_worded(worded))
            scale, currency = m.group("scale3"), WORDS[m.group("word3").lower()]
            if m.group("country3") and currency == "USD":
                currency = COUNTRY_DOLLARS.get(m.group("country3").lower(), currency)
        elif m.group("symbol"):
            symbol = m.group("symbol").strip().lower()
            currency = SYMBOLS[symbol]
            if symbol == "¥" and CHINESE.search(context or text):
                currency = "CNY"
            number, scale = m.group("num"), m.group("scale")
            if scale and scale.lower() == "b" and not m.group("symbol"):
                continue
        else:
            word = m.group("word").lower()
            country = (m.group("country") or "").lower()
            currency = WORDS[word]
            if word in {"peso", "pesos"}:
                # "In the Philippines the HS5 sells for 1.29 million pesos": the country the sentence names
                named = re.search(r"\b(" + "|".join(PESO_COUNTRIES) + r")", country or text, re.I)
                currency = PESO_COUNTRIES[named.group(1).lower()] if named else currency
            if country and word in {"dollar", "dollars", "dlr", "dlrs"}:
                currency = COUNTRY_DOLLARS.get(country, currency)
            elif country and word in {"franc", "francs", "crowns", "kronor", "krona", "kroner"}:
                currency = COUNTRY_DOLLARS.get(country, currency)
            number, scale = m.group("num2"), m.group("scale2")
        amount = float(number.replace(",", "")) * SCALES.get((scale or "").lower(), 1.0)
        per_share = bool(PER_SHARE.match(text, m.end()))
        found.append(Amount(offset + m.start(), offset + m.end(), Money(amount, currency), per_share))
    return found


def _worded(words: list[str]) -> float:
    """ "three hundred" -> 300, "two" -> 2, "twenty five" -> 25."""
    total = 0.0
    for word in words:
        value = NUMBER_WORDS[word]
        total = total * value if value == 100 else total + value
    return total
