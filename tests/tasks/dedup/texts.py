"""Small hand-written texts for the dedup tests (no evaluation data)."""

from __future__ import annotations

WIRE = [
    "The city council of Riverton voted on Tuesday to approve a new bridge across the Arlen "
    "river, ending a dispute that had lasted for more than six years.",
    "Mayor Helen Ortiz said the bridge would cut travel times for commuters by half and bring "
    "new business to the eastern districts, which have struggled since the mill closed.",
    "Opponents had argued that the project was too expensive and that the money should go to "
    "schools instead. The final vote was seven to four after a debate that lasted all night.",
    "Construction is expected to begin next spring and to take about three years. The state "
    "will pay for sixty percent of the cost, with the rest coming from a local bond issue.",
    "Residents who spoke at the meeting were divided. Some praised the council for acting at "
    "last, while others warned that traffic on the narrow streets near the river would grow.",
    "The engineering firm that designed the bridge said it would carry four lanes of traffic "
    "and a separate path for cyclists and pedestrians on its southern side.",
    "A group of landowners near the planned eastern ramp said they would ask a court to review "
    "the decision, arguing that the environmental study had ignored flooding risks.",
]
WIRE_TEXT = "\n\n".join(WIRE)

# Another outlet's own report of the same event: different wording, same names and facts.
SAME_EVENT_OTHER_OUTLET = (
    "Riverton approves Arlen river bridge after all-night debate\n\n"
    "After an all-night session, Riverton council members approved the long-disputed Arlen "
    "river bridge by seven votes to four on Tuesday. Mayor Helen Ortiz called the decision a "
    "turning point for the eastern districts. Critics on the council said the bridge was too "
    "expensive and that schools needed the money more. Work on the bridge should start in the "
    "spring; the state covers most of the cost and a local bond the rest. Landowners near the "
    "eastern ramp plan to challenge the council decision in court over flooding concerns."
)

SITE_HEADER = (
    "Riverton Daily Courier - your local news since 1921. Subscribe today and get unlimited "
    "access to every story, our morning newsletter and the weekend puzzle section."
)
SITE_FOOTER = (
    "Copyright Riverton Daily Courier. All rights reserved. Our journalism depends on readers "
    "like you: support local reporting by subscribing, and follow us on social media for "
    "breaking news, weather alerts, school closures and traffic updates every day."
)
SITE_STORY_ONE = (
    "A fire broke out in a bakery on Elm Street early on Sunday morning. Firefighters brought "
    "it under control within an hour and nobody was hurt, the fire chief said."
)
SITE_STORY_TWO = (
    "The Riverton high school band won the regional championship on Saturday, beating eleven "
    "other schools with a programme of marches and film music, the band director said."
)

BRIEF_TEMPLATE = (
    "Police in {town} arrested a {age}-year-old man on {day} after a {event} on {street}. "
    "Officers said the man was taken to the station and would appear before a judge later "
    "this week. Nobody else was injured, and the road was reopened to traffic in the evening."
)


def brief(town: str, age: int, day: str, event: str, street: str) -> str:
    return BRIEF_TEMPLATE.format(town=town, age=age, day=day, event=event, street=street)
