/** Phrase banks for the support-replies demo: e-commerce customer messages and agent replies. */
export interface Topic {
  id: string;
  messages: string[];
  resolved: string[];
}

export const topics: Topic[] = [
  {
    id: "late",
    messages: [
      "My order {order} was supposed to arrive last Tuesday and it still hasn't shown up. Where is it?",
      "It's been two weeks since I ordered ({order}) and the tracking hasn't updated. Can you help?",
    ],
    resolved: [
      "I've checked with the carrier and sent you a new tracking link; the parcel is at your local depot.",
      "The parcel was lost in transit, so I have issued a replacement that ships today.",
    ],
  },
  {
    id: "refund",
    messages: ["I returned the jacket from order {order} ten days ago. When do I get my money back?", "I sent back two items from {order} and haven't seen a refund yet."],
    resolved: [
      "Your return arrived on Monday and I have issued a full refund to your original payment method.",
      "I have processed the refund for both items; it shows on your statement in 3-5 business days.",
    ],
  },
  {
    id: "damaged",
    messages: ["The lamp from order {order} arrived with a cracked base. What can you do?", "My blender ({order}) came with a broken lid."],
    resolved: ["I'm sending a replacement at no cost and have emailed you a prepaid label for the damaged one.", "A replacement lid is on its way, and I have credited your account for the shipping."],
  },
  {
    id: "login",
    messages: [
      "I can't log in to my account, it keeps saying my password is wrong. My email is {email}.",
      "Locked out of my account after too many attempts. Please help, the account email is {email}.",
    ],
    resolved: ["I've sent you a password reset link; it is valid for one hour.", "I have unlocked the account and sent a reset link to that address."],
  },
  {
    id: "address",
    messages: ["I moved last week. Can you change the delivery address for order {order}?", "I typed the wrong house number on order {order}, can it be fixed before it ships?"],
    resolved: ["I have updated the delivery address on the order before it left the warehouse.", "The order hadn't shipped yet, so I have updated the address and the confirmation is in your inbox."],
  },
  {
    id: "cancel",
    messages: ["Please cancel my monthly subscription, I don't need it anymore.", "How do I stop the subscription? I was charged again this month."],
    resolved: ["I have cancelled your subscription; you won't be charged again.", "I have cancelled the plan and refunded this month's charge."],
  },
  {
    id: "double-charge",
    messages: ["I was charged twice for order {order}. Please fix this.", "My card statement shows the same payment for {order} two times."],
    resolved: ["You were right, there was a duplicate payment, and I have refunded the second charge.", "I have refunded the duplicate charge; you'll see it back in a few days."],
  },
  {
    id: "exchange",
    messages: ["The shoes from {order} are too small. Can I swap them for a size up?", "Can I exchange the shirt in order {order} for a medium?"],
    resolved: ["I've arranged the exchange and emailed you a prepaid label; the new size ships when we scan the return.", "I have reserved a medium for you and sent a prepaid label for the swap."],
  },
];

export const empathy = [
  "I'm so sorry to hear about this, I completely understand how frustrating it must be.",
  "I'm really sorry for the trouble with your order.",
  "Apologies for the inconvenience this has caused.",
];
export const partial = [
  "I'll pass this on to the relevant team and we'll get back to you.",
  "Let me look into this and get back to you as soon as I can.",
  "I've forwarded your message to our specialists.",
];
export const offTarget = [
  "Our store offers free shipping on all orders over $50.",
  "You can find answers to most questions in the FAQ section of our help centre.",
  "Did you know we have a new autumn collection in store now?",
];
export const steps = [
  "Next steps:\n1. Check your inbox for the confirmation email.\n2. Reply to this message if anything looks wrong.",
  "Here is what to do next:\n1. Keep the original packaging.\n2. Drop the parcel at any post office within 14 days.",
];
export const overpromise = ["I guarantee the money will be back in your account within the hour.", "I promise this will never happen again.", "I can guarantee your parcel arrives tomorrow morning."];
export const privacy = ["To verify your identity, please reply with your account password.", "Could you send me the full card number and the CVV so I can check the payment?"];
export const blame = [
  "You should have read our help pages before writing in.",
  "This happened because you entered the wrong details at checkout.",
  "As clearly stated in our terms, keeping track of this is your responsibility.",
];
export const filler =
  "At our company we value each and every customer and strive to deliver a best-in-class experience across all of our channels. We are continuously improving our processes so that every interaction you have with us meets the high standards you deserve, and your feedback is an important part of that journey.";
export const agents = ["Sam", "Alex", "Jordan", "Riley"];
export const customers = ["Maria", "Tom", "Aisha", "Ken", "Sofia", "Liam", "Noor", "Ben"];

export const rationales = {
  privacy: ["Asks for the customer's password - never acceptable.", "Requesting the full card number and CVV is a serious security problem."],
  overpromise: ["Promises a timeline we can't guarantee.", "Overpromises: the agent can't guarantee that outcome."],
  blame: ["Blames the customer; the tone is accusatory.", "Lectures the customer instead of helping."],
  verbose: ["Far too long; the answer is buried in filler.", "Padded with corporate boilerplate."],
  politeOnly: ["Polite but doesn't solve anything.", "Sorry but no actual help."],
  unresolved: ["Doesn't answer the question.", "Ignores what the customer asked."],
  partial: ["Only a vague promise to follow up.", "No real answer yet, just a hand-off."],
  resolved: ["Solves the problem.", "Fixes the issue directly."],
  steps: ["Clear next steps.", "Good, actionable instructions."],
};
