// The sticky review comment's inputs, as the workflows give them: the body
// made of a report, and a GitHub client that finds, creates and updates
// comments (here a fake that records the calls).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { MARKER, LIMIT, commentBody, upsertComment } = require("./review-comment.cjs");

const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };

/** A client with `comments` on the pull request, recording what it is asked. */
function fakeGithub(comments) {
  const calls = [];
  const rest = {
    issues: {
      listComments: "listComments",
      createComment: async (args) => calls.push(["create", args]),
      updateComment: async (args) => calls.push(["update", args]),
    },
  };
  const paginate = async (method, args) => {
    calls.push(["list", method, args]);
    return comments;
  };
  return { github: { rest, paginate }, calls };
}

test("the body starts with the marker and holds the report", () => {
  const body = commentBody("## Spec review\n\n**1 breaking**, 0 compatible.\n");
  assert.ok(body.startsWith(`${MARKER}\n## Spec review`));
  assert.ok(body.endsWith("0 compatible.\n"));
  assert.match(commentBody("  \n"), /No spec review was produced/);
});

test("a report too long for one comment is cut at a line, with a link to the run", () => {
  const line = "| `models::Thing` | changed | breaking |\n";
  const report = line.repeat(Math.ceil((LIMIT * 2) / line.length));
  const body = commentBody(report, { runUrl: "https://github.com/o/r/actions/runs/1" });
  assert.ok(body.length <= LIMIT, `${body.length} characters`);
  assert.ok(body.startsWith(MARKER));
  assert.match(body, /\| breaking \|\n\n… The report is cut here: \[the run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)/);
});

test("a first run creates the comment", async () => {
  const { github, calls } = fakeGithub([{ id: 1, body: "LGTM", user: { type: "User" } }]);
  assert.equal(await upsertComment({ github, context, body: `${MARKER}\nreport` }), "created");
  assert.deepEqual(calls[0], ["list", "listComments", { owner: "o", repo: "r", issue_number: 7, per_page: 100 }]);
  assert.deepEqual(calls[1], ["create", { owner: "o", repo: "r", issue_number: 7, body: `${MARKER}\nreport` }]);
});

test("a later run updates its own comment, not a person's quoting it", async () => {
  const comments = [
    { id: 1, body: `${MARKER}\nquoted by a reviewer`, user: { type: "User" } },
    { id: 2, body: `${MARKER}\nold report`, user: { type: "Bot" } },
  ];
  const { github, calls } = fakeGithub(comments);
  assert.equal(await upsertComment({ github, context, body: `${MARKER}\nnew report` }), "updated");
  assert.deepEqual(calls.slice(1), [["update", { owner: "o", repo: "r", comment_id: 2, body: `${MARKER}\nnew report` }]]);
});
