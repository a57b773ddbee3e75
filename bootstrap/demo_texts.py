"""Words of the demo history: complainants' names, what they write per category, what officers answer."""
from __future__ import annotations

NAMES = (
    "Sabina Khatun", "Rina Mahato", "Bikash Mandal", "Sukumar Hansda", "Tapas Ghosh", "Mousumi Das", "Anjali Kisku",
    "Rakesh Soren", "Pampa Banerjee", "Dipankar Roy", "Shampa Bauri", "Nitai Mahato", "Farida Bibi", "Gopal Tudu",
    "Sunita Majhi", "Arup Chatterjee", "Jharna Sarkar", "Kalipada Murmu", "Moumita Sen", "Subhas Kumar",
    "Parveen Sultana", "Haradhan Bag", "Lakshmi Mondal", "Sanjoy Dutta", "Bulbul Karmakar", "Asha Rajak",
    "Imran Hossain", "Chandana Pal", "Biswajit Halder", "Rupa Mukherjee", "Manoj Singh", "Tanushree Dey",
)

PLACES = {"PUR": ("Hura", "Para", "Manbazar", "Jhalda", "Raghunathpur", "Kashipur", "Bundwan", "Balarampur"),
          "KOL": ("Behala", "Tollygunge", "Kasba", "Garden Reach", "Shyambazar", "Entally", "Jadavpur", "Topsia")}

COMPLAINTS = {
    "FOOD_RATION_CARD": ("My ration card application of {month} is still pending at the block office.",
                         "The name of my daughter is missing from our digital ration card; correction applied twice.",
                         "Ration card shows the wrong category (RKSY-II instead of AAY) since the last survey."),
    "FOOD_PDS_DEALER": ("The ration dealer in {place} gives 3 kg instead of 5 kg of rice and keeps the rest.",
                        "The ration shop at {place} stays closed on distribution days for two months now.",
                        "Dealer asks Rs 20 extra for every ration card holder at {place}."),
    "FOOD_DUARE_RATION": ("Duare Ration vehicle has not come to our para in {place} since {month}.",
                          "Duare Ration camp at {place} ran out of wheat before our turn, third time."),
    "PRD_MGNREGA_WAGES": ("Wages for 14 days of MGNREGA work at {place} pond digging not paid since {month}.",
                          "Job card workers of {place} got wages for only half the days in the muster roll."),
    "PRD_HOUSING": ("Banglar Bari second instalment not released though the plinth was finished in {month}.",
                    "Our name was in the Banglar Bari list of {place} but was removed without reason."),
    "PRD_ROAD_REPAIR": ("The Pathashree road from {place} to the block office is broken; ambulances cannot pass.",),
    "PRD_OLD_AGE_PENSION": ("My mother's old-age pension has not been credited since {month}.",),
    "POWER_OUTAGE": ("No electricity in {place} for three days after the storm; the transformer burnt.",
                     "Power cuts of six to eight hours every evening in {place} for two weeks."),
    "POWER_NEW_CONNECTION": ("New domestic connection applied in {month} at {place}; no meter installed yet.",),
    "POWER_BILLING": ("Electricity bill of Rs 9,870 for two months at {place}; our usual bill is Rs 600.",
                      "Meter reading not taken in {place}; bills are estimated and too high."),
}

ATR_TEXTS = {
    "redressed": ("Field inspection done; the matter was settled and the complainant informed by phone.",
                  "Entry corrected in the database; the card was printed and handed over at the block office.",
                  "Dues released to the complainant's bank account; payment reference sent by SMS."),
    "partially_redressed": ("Part of the dues released; the remainder awaits the next fund allotment.",),
    "not_feasible": ("Not feasible under the current scheme rules; the complainant was told of the alternative.",),
}
SEND_BACK_REASONS = ("The complainant says nothing has changed; please visit the site and report again.",
                     "The report does not say when the card will be delivered; give a date.")
CLARIFICATION_QUESTIONS = ("Which ration shop or office did you visit, and on which date?",
                           "Please give your ration card or job card number.")
CLARIFICATION_ANSWERS = ("Shop no. 14 in the market, on the first Monday of the month.",
                         "Card number WB-0312-445871; applied at the block office.")
DIRECTIVES = ("Submit the Action Taken Report within two days; visit the site yourself.",
              "Explain the delay and report the action taken by Friday.")
APPEAL_REASONS = {"close": "The office's report and the verification call show the grievance was redressed.",
                  "direct_action": "The complainant's account is credible; the office must act again."}
APPEAL_INSTRUCTIONS = "Inspect the site with the block officer and report the action within seven days."
APPEAL_ACTION = "Inspected the site with the block officer; the entitlement has now been delivered in full."
FEEDBACK_COMMENTS = {True: ("Thank you, the work is done.", "Got it after a long wait, thanks.", ""),
                     False: ("Nothing was done; the report is wrong.", "Still not received anything.")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
