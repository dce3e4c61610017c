// Scoring of one set of answers, as the Sohoa library scores it (the Rust
// `questionnaire::scoring` and `answers` modules): skip logic, gates, "not
// applicable", choices, bands, ratios with their steps, pillar levels by the
// questionnaire's bands and the overall level by its rules. The page and the
// library must never disagree; a test compares them on thousands of answer sets.
//
// An answer is one of:
//   {choice: "id"}   {choices: ["a", "b"]}   {number: 12.5}   {text: "…"}
//   "na"             {ratio: {part: 30, whole: 120}}   ({whole: null}: the shared total)
"use strict";

var SohoaScore = (function () {
  var GATE_NO = "no";

  // The questions in questionnaire order, each with the index of its pillar.
  function questionsOf(q) {
    var out = [];
    q.pillars.forEach(function (pillar, p) {
      (pillar.questions || []).forEach(function (question) {
        out.push({ pillar: p, question: question });
      });
      (pillar.groups || []).forEach(function (group) {
        group.questions.forEach(function (question) {
          out.push({ pillar: p, question: question, group: group });
        });
      });
    });
    return out;
  }

  // The kind's tag and its contents: {"SingleChoice": {...}} → ["SingleChoice", {...}];
  // "FreeText" → ["FreeText", {}].
  function kindOf(question) {
    var kind = question.kind;
    if (typeof kind === "string") return [kind, {}];
    var tag = Object.keys(kind)[0];
    return [tag, kind[tag]];
  }

  function picks(answer, option) {
    if (!answer || typeof answer !== "object") return false;
    if ("choice" in answer) return answer.choice === option;
    if ("choices" in answer) return answer.choices.indexOf(option) >= 0;
    return false;
  }

  // Whether each question (in order) is shown, given the answers.
  function visibility(q, answers) {
    var list = questionsOf(q);
    var position = {};
    list.forEach(function (entry, i) {
      position[entry.question.id] = i;
    });
    var shown = [];
    list.forEach(function (entry) {
      var rule = entry.question.show_if;
      if (!rule) {
        shown.push(true);
        return;
      }
      var at = position[rule.question];
      var visible =
        at !== undefined &&
        at < shown.length &&
        shown[at] === true &&
        rule.any_of.some(function (option) {
          return picks(answers[rule.question], option);
        });
      shown.push(visible);
    });
    return shown;
  }

  function bandPoints(bands, value) {
    for (var i = 0; i < bands.length; i++) {
      var b = bands[i];
      if (value >= b.min && (b.max === null || b.max === undefined || value < b.max)) {
        return { ok: b.points };
      }
    }
    return { err: value + " falls in no scoring band" };
  }

  // The highest step whose share is exceeded, compared as part × 100 > above × total
  // with a margin of one part in a million; a total of 0 scores 0.
  function ratioPoints(steps, part, total) {
    if (total <= 0) return 0;
    var best = 0;
    steps.forEach(function (step) {
      if (part * 100 > step.above * total * (1 + 1e-6) && step.points > best) {
        best = step.points;
      }
    });
    return best;
  }

  // Figures are stored as 32-bit floats by the library: score what it will store.
  function stored(x) {
    return Math.fround(x);
  }

  // Points the answer earns on the question, or {err} when it does not fit.
  function pointsWith(question, answer, sharedTotal) {
    var max = question.max_points;
    var kind = kindOf(question);
    var tag = kind[0];
    var body = kind[1];
    if (answer === "na") {
      return question.not_applicable ? { ok: 0 } : { err: "not applicable is not allowed" };
    }
    if (question.gate && answer && answer.choice === GATE_NO) return { ok: 0 };
    if (tag === "SingleChoice" && answer && "choice" in answer) {
      for (var i = 0; i < body.options.length; i++) {
        if (body.options[i].id === answer.choice) return { ok: body.options[i].points };
      }
      return { err: "unknown option " + answer.choice };
    }
    if (tag === "YesNo" && answer && "choice" in answer) {
      if (answer.choice === "yes") return { ok: body.yes };
      if (answer.choice === "no") return { ok: body.no };
      return { err: "use yes or no" };
    }
    if (tag === "MultipleChoice" && answer && "choices" in answer) {
      var total = 0;
      for (var j = 0; j < answer.choices.length; j++) {
        var id = answer.choices[j];
        if (answer.choices.indexOf(id) < j) return { err: id + " is ticked twice" };
        var option = body.options.filter(function (o) {
          return o.id === id;
        })[0];
        if (!option) return { err: "unknown option " + id };
        total += option.points;
      }
      return { ok: Math.min(total, max) };
    }
    if (tag === "Number" && answer && "number" in answer) {
      var value = answer.number;
      if (!isFinite(value)) return { err: "not finite" };
      if ((body.min !== null && body.min !== undefined && value < body.min) ||
          (body.max !== null && body.max !== undefined && value > body.max)) {
        return { err: "outside the allowed range" };
      }
      return bandPoints(body.bands, value);
    }
    if (tag === "Percent" && answer && "number" in answer) {
      if (!(answer.number >= 0 && answer.number <= 100)) return { err: "not a percentage" };
      return bandPoints(body.bands, answer.number);
    }
    if (tag === "FreeText" && answer && "text" in answer) return { ok: 0 };
    if (tag === "Figure" && answer && "number" in answer) {
      if (!isFinite(answer.number) || answer.number < 0) return { err: "not a figure" };
      return { ok: 0 };
    }
    if (tag === "Ratio" && answer && "number" in answer) {
      if (!(answer.number >= 0 && answer.number <= 100)) return { err: "not a share" };
      return { ok: ratioPoints(body.steps, answer.number, 100) };
    }
    if (tag === "Ratio" && answer && "ratio" in answer) {
      var part = stored(answer.ratio.part);
      var whole = answer.ratio.whole;
      var denominator;
      if (whole !== null && whole !== undefined) {
        denominator = stored(whole);
      } else if (body.whole && body.whole.Figure !== undefined) {
        if (sharedTotal === null || sharedTotal === undefined) {
          return { err: "the shared total is not answered" };
        }
        denominator = sharedTotal;
      } else {
        return { err: "both figures are needed" };
      }
      if (!isFinite(part) || !isFinite(denominator) || part < 0 || denominator < 0) {
        return { err: "figures must be 0 or more" };
      }
      if (part > denominator) return { err: "the part is larger than the total" };
      return { ok: ratioPoints(body.steps, part, denominator) };
    }
    return { err: "this answer does not fit a " + tag + " question" };
  }

  function bandContains(band, points, max) {
    var scaled = points * 100;
    var from = band.from_percent * max;
    var to = band.to_percent * max;
    var aboveFrom = band.includes_from ? scaled >= from : scaled > from;
    var belowTo = band.includes_to ? scaled <= to : scaled < to;
    return aboveFrom && belowTo;
  }

  function lowestLevel(q) {
    var levels = q.levels.map(function (l) {
      return l.level;
    });
    return levels.length ? Math.min.apply(null, levels) : 0;
  }

  function pillarLevel(q, points, max) {
    for (var i = 0; i < q.pillar_bands.length; i++) {
      if (bandContains(q.pillar_bands[i], points, max)) return q.pillar_bands[i].level;
    }
    return lowestLevel(q);
  }

  function overallLevel(q, total, pillarLevels) {
    var best = null;
    q.overall_rules.forEach(function (rule) {
      var strong = pillarLevels.filter(function (level) {
        return level >= rule.pillar_level;
      }).length;
      if (total > rule.total_above && strong >= rule.min_pillars) {
        if (best === null || rule.level > best) best = rule.level;
      }
    });
    return best === null ? lowestLevel(q) : best;
  }

  // The shared figure a ratio divides by, as answered (a number), if any.
  function sharedTotalOf(question, answers) {
    var kind = kindOf(question);
    if (kind[0] !== "Ratio" || !kind[1].whole || kind[1].whole.Figure === undefined) {
      return null;
    }
    var answer = answers[kind[1].whole.Figure];
    return answer && typeof answer === "object" && "number" in answer ? answer.number : null;
  }

  // Scores `answers` (question id → answer) against the questionnaire `q`.
  function score(q, answers) {
    var list = questionsOf(q);
    var shown = visibility(q, answers);
    var points = q.pillars.map(function () {
      return 0;
    });
    var report = { unanswered: [], skipped: [], not_applicable: [], invalid: [] };
    list.forEach(function (entry, i) {
      var question = entry.question;
      if (!shown[i]) {
        report.skipped.push(question.id);
        return;
      }
      var answer = answers[question.id];
      if (answer === undefined || answer === null) {
        if (kindOf(question)[0] !== "FreeText") report.unanswered.push(question.id);
        return;
      }
      var earned = pointsWith(question, answer, sharedTotalOf(question, answers));
      if (earned.err !== undefined) {
        report.invalid.push({ question: question.id, reason: earned.err });
        return;
      }
      if (answer === "na") report.not_applicable.push(question.id);
      points[entry.pillar] += Math.min(earned.ok, question.max_points);
    });
    report.pillars = q.pillars.map(function (pillar, p) {
      return {
        id: pillar.id,
        points: points[p],
        max_points: pillar.max_points,
        share: points[p] / Math.max(pillar.max_points, 1),
        level: pillarLevel(q, points[p], pillar.max_points),
      };
    });
    report.total = report.pillars.reduce(function (sum, p) {
      return sum + p.points;
    }, 0);
    report.max_points = q.max_points;
    report.level = overallLevel(
      q,
      report.total,
      report.pillars.map(function (p) {
        return p.level;
      })
    );
    return report;
  }

  // A Vietnamese tax code as typed: the normal form, or why it is not one
  // (the library's `tax_code::parse`).
  var WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

  function checkDigit(firstNine) {
    var sum = 0;
    for (var i = 0; i < 9; i++) sum += firstNine[i] * WEIGHTS[i];
    var r = sum % 11;
    return r === 0 ? null : 10 - r;
  }

  function parseTaxCode(input) {
    var digits = [];
    var dashAt = null;
    var text = input.trim();
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c >= "0" && c <= "9") digits.push(c.charCodeAt(0) - 48);
      else if (c === " " || c === "." || c === "\u00a0") continue;
      else if (c === "-" && dashAt === null) dashAt = digits.length;
      else return { err: "bad_character", character: c };
    }
    if (!digits.length) return { err: "empty" };
    function verify(ten) {
      var expected = checkDigit(ten.slice(0, 9));
      if (expected === null) return { err: "no_check_digit" };
      if (ten[9] !== expected) return { err: "check_digit", expected: expected, found: ten[9] };
      return null;
    }
    var problem;
    if (digits.length === 9 && dashAt === null) digits.unshift(0);
    if (digits.length === 10 && dashAt === null) {
      problem = verify(digits);
      return problem || { ok: digits.join("") };
    }
    if (digits.length === 12 && dashAt === null) return { ok: digits.join("") };
    if (digits.length === 13 && (dashAt === null || dashAt === 10)) {
      problem = verify(digits.slice(0, 10));
      if (problem) return problem;
      if (digits.slice(10).join("") === "000") return { err: "branch_zero" };
      return { ok: digits.slice(0, 10).join("") + "-" + digits.slice(10).join("") };
    }
    return { err: "wrong_length", length: digits.length };
  }

  return {
    questionsOf: questionsOf,
    kindOf: kindOf,
    visibility: visibility,
    pointsWith: pointsWith,
    score: score,
    parseTaxCode: parseTaxCode,
    GATE_NO: GATE_NO,
  };
})();
