/** District holder number `i` of the credential benchmark: a student with one H10304 badge. */
export const benchHolder = (i: number) => ({
  id: `d-${String(i).padStart(7, "0")}`,
  role: "student",
  status: "active",
  access_groups: ["staff"],
  extended_unlock: false,
  badges: [{ format: "h10304", facility: 1000 + Math.floor(i / 2 ** 19), number: i % 2 ** 19 }],
});
