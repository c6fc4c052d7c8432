#!/usr/bin/env python3
"""Adds up the TRX files of one test run into the closing line "Tests: N passed, N failed, N skipped", lists each
skip reason with its count, so that a run that passed only by skipping is visible at a glance, and repeats every
failure with its message, the top of its stack trace and the end of its output, so that the tail of a long CI
log names what broke and why."""
import collections, glob, sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
STACK_LINES = 12
MESSAGE_LINES = 60
OUTPUT_LINES = 40


def text(element, path):
    found = element.find(path, ns)
    return found.text.strip() if found is not None and found.text else ""


outcomes = collections.Counter()
reasons = collections.Counter()
failures = []
for path in sorted(glob.glob(f"{sys.argv[1]}/*.trx")):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome")
        outcomes[outcome] += 1
        if outcome == "NotExecuted":
            reasons[text(result, "./t:Output/t:ErrorInfo/t:Message") or "(no reason given)"] += 1
        elif outcome != "Passed":
            failures.append((result.get("testName"), result.get("duration"),
                             text(result, "./t:Output/t:ErrorInfo/t:Message"),
                             text(result, "./t:Output/t:ErrorInfo/t:StackTrace"),
                             text(result, "./t:Output/t:StdOut")))

if reasons:
    print("\nSkipped, by reason:")
    for reason, count in reasons.most_common():
        print(f"  {count:4d}  {reason}")
for name, duration, message, stack, output in failures:
    print(f"\nFAILED {name} ({duration})")
    for line in message.splitlines()[:MESSAGE_LINES]:
        print(f"    {line}")
    for line in stack.splitlines()[:STACK_LINES]:
        print(f"    {line}")
    if output:
        print(f"  its output, last {OUTPUT_LINES} lines:")
        for line in output.splitlines()[-OUTPUT_LINES:]:
            print(f"    {line}")
failed = sum(n for o, n in outcomes.items() if o not in ("Passed", "NotExecuted"))
print(f"\nTests: {outcomes['Passed']} passed, {failed} failed, {outcomes['NotExecuted']} skipped")
