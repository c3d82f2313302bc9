// The spec review as one comment on the pull request, updated in place on
// every push ("sticky"): found again by the marker it starts with, never
// duplicated, and cut to what GitHub accepts with a link to the whole
// report. Used by actions/github-script in the workflows; tested by
// review-comment.test.cjs (`cargo xtask lint-workflows`).
"use strict";

/** The first line of the comment, by which a later run finds it. */
const MARKER = "<!-- apicrate spec review -->";

/** GitHub's limit on a comment's body, in characters. */
const LIMIT = 65536;

/**
 * The comment's body: the marker, then the report; a report too long for
 * one comment is cut at a line and ends with a link to the run, whose job
 * summary and artifact hold all of it.
 */
function commentBody(report, { runUrl } = {}) {
  const head = `${MARKER}\n`;
  const text = report.trim() === "" ? "No spec review was produced." : report.trimEnd();
  if (head.length + text.length + 1 <= LIMIT) {
    return `${head}${text}\n`;
  }
  const where = runUrl ? `[the run](${runUrl})` : "the run";
  const note = `\n\n… The report is cut here: ${where} has all of it (job summary and artifact).\n`;
  let kept = text.slice(0, LIMIT - head.length - note.length);
  const lastLine = kept.lastIndexOf("\n");
  if (lastLine > 0) {
    kept = kept.slice(0, lastLine);
  }
  return `${head}${kept}${note}`;
}

/**
 * Creates the review comment on the pull request of `context`, or updates
 * the one an earlier run posted (a comment that starts with the marker,
 * written by the same account). Returns "created" or "updated".
 */
async function upsertComment({ github, context, body }) {
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number,
    per_page: 100,
  });
  const ours = comments.find(
    (comment) =>
      typeof comment.body === "string" &&
      comment.body.startsWith(MARKER) &&
      comment.user &&
      comment.user.type === "Bot",
  );
  if (ours) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
    return "updated";
  }
  await github.rest.issues.createComment({ owner, repo, issue_number, body });
  return "created";
}

module.exports = { MARKER, LIMIT, commentBody, upsertComment };
