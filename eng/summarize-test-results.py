#!/usr/bin/env python3
"""Adds up the TRX files of one test run into the closing line "Tests: N passed, N failed, N skipped" and lists
each skip reason with its count, so that a run that passed only by skipping is visible at a glance."""
import collections, glob, sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
outcomes = collections.Counter()
reasons = collections.Counter()
for path in glob.glob(f"{sys.argv[1]}/*.trx"):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome")
        outcomes[outcome] += 1
        if outcome == "NotExecuted":
            message = result.find("./t:Output/t:ErrorInfo/t:Message", ns)
            reasons[message.text.strip() if message is not None and message.text else "(no reason given)"] += 1

if reasons:
    print("\nSkipped, by reason:")
    for reason, count in reasons.most_common():
        print(f"  {count:4d}  {reason}")
failed = sum(n for o, n in outcomes.items() if o not in ("Passed", "NotExecuted"))
print(f"\nTests: {outcomes['Passed']} passed, {failed} failed, {outcomes['NotExecuted']} skipped")
