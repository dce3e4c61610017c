// Scoring of one set of answers, as the Sohoa library scores it (the Rust
// `questionnaire::scoring` and `answers` modules): skip logic, gates, "not
// applicable", choices, bands, ratios with their steps, pillar levels by the
// questionnaire's bands and the overall level by its rules. The page and the
// library must never disagree; a test compares them on thousands of answer sets.
//
// An answer is one of:
//   {choice: "id"}   {choices: ["a", "b"]}   {number: "12.5"}   {text: "…"}
//   "na"             {ratio: {part: "30", whole: "120"}}   ({whole: null}: the shared total)
// Figures are decimal texts, kept exactly as typed (a plain number is read through
// its shortest decimal, which is what was typed); they are compared in exact
// integer arithmetic (BigInt), as the library's `decimal` module compares them.
"use strict";

var SohoaScore = (function () {
  var GATE_NO = "no";

  // ---- Exact decimals ------------------------------------------------------------

  var MAX_DIGITS = 15;
  var MAX_PLACES = 15;
  var TEN = BigInt(10);

  function pow10(n) {
    return TEN ** BigInt(n);
  }

  // A figure as {m: BigInt, p: places after the point}: the value is m × 10^-p.
  // From its text or a plain number; {err: code, text} when it is not a figure
  // (not_a_number, too_many_digits, too_many_places, too_large).
  function decimal(x) {
    var text;
    if (typeof x === "number") {
      if (!isFinite(x)) return { err: "not_a_number", text: String(x) };
      text = String(x);
    } else if (typeof x === "string") {
      text = x.trim();
    } else {
      return { err: "not_a_number", text: String(x) };
    }
    var match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!match || (match[2] === "" && !match[3])) return { err: "not_a_number", text: text };
    var whole = match[2];
    var fraction = match[3] || "";
    var exponent = match[4] ? Math.max(-1000, Math.min(1000, parseInt(match[4], 10))) : 0;
    var joined = whole + fraction;
    var significant = joined.replace(/^0+/, "").replace(/0+$/, "");
    if (!significant) return { m: BigInt(0), p: 0 };
    var trailing = joined.length - joined.replace(/0+$/, "").length;
    var power = exponent - fraction.length + trailing;
    if (significant.length > MAX_DIGITS) return { err: "too_many_digits", text: text };
    var m = BigInt(significant);
    var p = 0;
    if (power >= 0) {
      if (significant.length + power > MAX_DIGITS) return { err: "too_large", text: text };
      m = m * pow10(power);
    } else {
      p = -power;
      if (p > MAX_PLACES) return { err: "too_many_places", text: text };
    }
    return { m: match[1] === "-" ? -m : m, p: p };
  }

  // -1, 0 or 1: a × 10^-ap against b × 10^-bp, exactly.
  function compareScaled(a, ap, b, bp) {
    var places = Math.max(ap, bp);
    var left = a * pow10(places - ap);
    var right = b * pow10(places - bp);
    return left < right ? -1 : left > right ? 1 : 0;
  }

  function cmp(a, b) {
    return compareScaled(a.m, a.p, b.m, b.p);
  }

  var ZERO = decimal("0");
  var HUNDRED = decimal("100");

  // Whether part out of whole is strictly more than percent %: part × 100 > percent × whole.
  function shareIsAbove(part, whole, percent) {
    return compareScaled(part.m * BigInt(100), part.p, percent.m * whole.m, percent.p + whole.p) > 0;
  }

  function isInteger(d) {
    return d.p === 0;
  }

  // The decimal as plain text with "." as its point ("382.92", "-0.5", "30").
  function decimalText(d) {
    var negative = d.m < BigInt(0);
    var digits = (negative ? -d.m : d.m).toString();
    if (d.p > 0) {
      while (digits.length <= d.p) digits = "0" + digits;
      digits = digits.slice(0, digits.length - d.p) + "." + digits.slice(digits.length - d.p);
      digits = digits.replace(/0+$/, "").replace(/\.$/, "");
    }
    return (negative ? "-" : "") + digits;
  }

  // A problem with an answer, in both languages.
  function problem(vi, en) {
    return { err: en, vi: vi, en: en };
  }

  function figureProblem(d) {
    switch (d.err) {
      case "too_many_digits":
        return problem(d.text + " có quá 15 chữ số có nghĩa", d.text + " has more than 15 significant digits");
      case "too_many_places":
        return problem(d.text + " có quá 15 chữ số sau dấu thập phân", d.text + " has more than 15 digits after the decimal point");
      case "too_large":
        return problem(
          d.text + " quá lớn: số liệu phải nhỏ hơn 1.000.000.000.000.000",
          d.text + " is too large: a figure is below 1,000,000,000,000,000"
        );
      default:
        return problem("“" + d.text + "” không phải là số", "“" + d.text + "” is not a number");
    }
  }

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
      var aboveMin = cmp(value, decimal(b.min)) >= 0;
      var belowMax = b.max === null || b.max === undefined || cmp(value, decimal(b.max)) < 0;
      if (aboveMin && belowMax) return { ok: b.points };
    }
    return problem(decimalText(value) + " không thuộc khoảng tính điểm nào", decimalText(value) + " falls in no scoring band");
  }

  // The highest step whose share is strictly exceeded, compared exactly as
  // part × 100 > above × total; a total of 0 scores 0.
  function ratioPoints(steps, part, total) {
    if (total.m <= BigInt(0)) return 0;
    var best = 0;
    steps.forEach(function (step) {
      if (shareIsAbove(part, total, decimal(step.above)) && step.points > best) best = step.points;
    });
    return best;
  }

  // Whether the kind counts people or things, so takes whole numbers only.
  function wholeNumbersOnly(body) {
    return body.whole_numbers === true;
  }

  // A figure of the answer, checked: 0 or more, whole where things are counted.
  function figureOf(x, body) {
    var d = decimal(x);
    if (d.err) return figureProblem(d);
    var shown = decimalText(d);
    if (d.m < BigInt(0)) return problem(shown + " nhỏ hơn 0: số liệu phải từ 0 trở lên", shown + " is below 0: figures are 0 or more");
    if (wholeNumbersOnly(body) && !isInteger(d)) {
      return problem(
        shown + " không phải số nguyên: ở đây đếm người hoặc đồ vật",
        shown + " is not a whole number: this counts people or things"
      );
    }
    return { ok: d };
  }

  function percentageOf(x) {
    var d = decimal(x);
    if (d.err) return figureProblem(d);
    if (d.m < BigInt(0) || cmp(d, HUNDRED) > 0) {
      return problem(
        decimalText(d) + " không phải tỷ lệ phần trăm từ 0 đến 100",
        decimalText(d) + " is not a percentage from 0 to 100"
      );
    }
    return { ok: d };
  }

  // Points the answer earns on the question, or {err} when it does not fit.
  function pointsWith(question, answer, sharedTotal) {
    var max = question.max_points;
    var kind = kindOf(question);
    var tag = kind[0];
    var body = kind[1];
    if (answer === "na") {
      return question.not_applicable
        ? { ok: 0 }
        : problem("câu này không có lựa chọn “không áp dụng”", "not applicable is not allowed");
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
      var value = decimal(answer.number);
      if (value.err) return figureProblem(value);
      var shown = decimalText(value);
      if (body.min !== null && body.min !== undefined && cmp(value, decimal(body.min)) < 0) {
        return problem(
          shown + " nhỏ hơn giá trị nhỏ nhất cho phép, " + decimalText(decimal(body.min)),
          shown + " is below the smallest allowed value, " + decimalText(decimal(body.min))
        );
      }
      if (body.max !== null && body.max !== undefined && cmp(value, decimal(body.max)) > 0) {
        return problem(
          shown + " lớn hơn giá trị lớn nhất cho phép, " + decimalText(decimal(body.max)),
          shown + " is above the largest allowed value, " + decimalText(decimal(body.max))
        );
      }
      if (wholeNumbersOnly(body) && !isInteger(value)) {
        return problem(
          shown + " không phải số nguyên: ở đây đếm người hoặc đồ vật",
          shown + " is not a whole number: this counts people or things"
        );
      }
      return bandPoints(body.bands, value);
    }
    if (tag === "Percent" && answer && "number" in answer) {
      var percent = percentageOf(answer.number);
      return percent.err !== undefined ? percent : bandPoints(body.bands, percent.ok);
    }
    if (tag === "FreeText" && answer && "text" in answer) return { ok: 0 };
    if (tag === "Figure" && answer && "number" in answer) {
      var figure = figureOf(answer.number, body);
      return figure.err !== undefined ? figure : { ok: 0 };
    }
    if (tag === "Ratio" && answer && "number" in answer) {
      var share = percentageOf(answer.number);
      return share.err !== undefined ? share : { ok: ratioPoints(body.steps, share.ok, HUNDRED) };
    }
    if (tag === "Ratio" && answer && "ratio" in answer) {
      var part = figureOf(answer.ratio.part, body);
      if (part.err !== undefined) return part;
      var whole = answer.ratio.whole;
      var shared = body.whole && body.whole.Figure !== undefined ? body.whole.Figure : null;
      var denominator;
      if (whole !== null && whole !== undefined) {
        if (shared !== null) {
          return problem(
            "tổng của tiêu chí này là câu " + shared + ", hỏi một lần cho mọi tiêu chí dùng nó",
            "this criterion's total is the shared figure `" + shared + "`, asked once for every criterion that uses it"
          );
        }
        var given = figureOf(whole, body);
        if (given.err !== undefined) return given;
        denominator = given.ok;
      } else if (shared !== null) {
        if (sharedTotal === null || sharedTotal === undefined) {
          return problem(
            "chưa trả lời tổng mà tỷ lệ này chia cho (câu " + shared + ")",
            "the total it is a share of (`" + shared + "`) is not answered"
          );
        }
        denominator = decimal(sharedTotal);
        if (denominator.err) return figureProblem(denominator);
      } else {
        return problem("cần cả hai số: phần và tổng", "both figures are needed: the part and the total");
      }
      if (cmp(part.ok, denominator) > 0) {
        return problem(
          "phần (" + decimalText(part.ok) + ") lớn hơn tổng (" + decimalText(denominator) + ")",
          "the part (" + decimalText(part.ok) + ") is larger than the total (" + decimalText(denominator) + ")"
        );
      }
      return { ok: ratioPoints(body.steps, part.ok, denominator) };
    }
    return problem("câu trả lời không hợp với câu hỏi", "this answer does not fit a " + tag + " question");
  }

  // Whether the answer fits its question alone (the library's Answer::check): a
  // ratio's part may wait for its shared total.
  function fits(question, answer) {
    var kind = kindOf(question);
    var placeholder;
    if (
      kind[0] === "Ratio" &&
      kind[1].whole &&
      kind[1].whole.Figure !== undefined &&
      answer &&
      answer.ratio &&
      (answer.ratio.whole === null || answer.ratio.whole === undefined)
    ) {
      placeholder = answer.ratio.part;
    }
    return pointsWith(question, answer, placeholder);
  }

  // The id of the shared figure a ratio divides by, or null.
  function sharedFigureOf(question) {
    var kind = kindOf(question);
    return kind[0] === "Ratio" && kind[1].whole && kind[1].whole.Figure !== undefined ? kind[1].whole.Figure : null;
  }

  function questionById(q, id) {
    var list = questionsOf(q);
    for (var i = 0; i < list.length; i++) {
      if (list[i].question.id === id) return list[i].question;
    }
    return null;
  }

  // Null when `answer` may be given to question `id` among `answers` (the
  // library's check_change), else the problem: it fits the question, a ratio's
  // part is within the shared total answered, and a shared total is not below a
  // part already given.
  function checkChange(q, answers, id, answer) {
    var question = questionById(q, id);
    if (!question) return problem("không có câu hỏi này", "no such question");
    var fit = fits(question, answer);
    if (fit.err !== undefined) return fit;
    var shared = sharedFigureOf(question);
    if (shared !== null && answer && answer.ratio && (answer.ratio.whole === null || answer.ratio.whole === undefined)) {
      var total = sharedTotalOf(questionById(q, shared), answers[shared]);
      if (total !== null && cmp(decimal(answer.ratio.part), decimal(total)) > 0) {
        return problem(
          "phần (" + decimalText(decimal(answer.ratio.part)) + ") lớn hơn tổng của nó, " + decimalText(decimal(total)),
          "the part (" + decimalText(decimal(answer.ratio.part)) + ") is larger than its total, " + decimalText(decimal(total))
        );
      }
    }
    if (kindOf(question)[0] === "Figure" && answer && "number" in answer) {
      var value = decimal(answer.number);
      var list = questionsOf(q);
      for (var i = 0; i < list.length; i++) {
        var criterion = list[i].question;
        var given = answers[criterion.id];
        if (
          sharedFigureOf(criterion) === id &&
          given &&
          given.ratio &&
          (given.ratio.whole === null || given.ratio.whole === undefined) &&
          cmp(decimal(given.ratio.part), value) > 0
        ) {
          var name = criterion.number || criterion.id;
          return problem(
            "tổng " + decimalText(value) + " nhỏ hơn " + decimalText(decimal(given.ratio.part)) + " đã ghi ở tiêu chí " + name + "; sửa tiêu chí đó trước",
            "a total of " + decimalText(value) + " is less than the " + decimalText(decimal(given.ratio.part)) + " already given for " + name + "; change that criterion first"
          );
        }
      }
    }
    return null;
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

  // The answer to a shared figure, when it is a figure that fits its question
  // (a wrong one scores as unanswered for the ratios that divide by it).
  function sharedTotalOf(figureQuestion, answer) {
    if (!figureQuestion || !answer || typeof answer !== "object" || !("number" in answer)) return null;
    return fits(figureQuestion, answer).err === undefined ? answer.number : null;
  }

  // Scores `answers` (question id → answer) against the questionnaire `q`.
  function score(q, answers) {
    var list = questionsOf(q);
    var byId = {};
    list.forEach(function (entry) {
      byId[entry.question.id] = entry.question;
    });
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
      var shared = sharedFigureOf(question);
      var total = shared === null ? null : sharedTotalOf(byId[shared], answers[shared]);
      var earned = pointsWith(question, answer, total);
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
    checkChange: checkChange,
    sharedFigureOf: sharedFigureOf,
    sharedTotalOf: sharedTotalOf,
    decimal: decimal,
    decimalText: decimalText,
    figureProblem: figureProblem,
    score: score,
    parseTaxCode: parseTaxCode,
    GATE_NO: GATE_NO,
  };
})();
