// The self-assessment form: one page that walks a business owner through the
// questionnaire, keeps every answer in the browser's local storage as it is
// given, shows the result at once and saves one file for the program to import.
//
// Data comes from the JSON block `sohoa-data` the program wrote into this file:
// the questionnaire, the program's name, the enterprise (when the form was made
// for one), the language and an id of this form. Nothing is fetched: the page's
// Content-Security-Policy forbids it.
"use strict";

(function () {
  var DATA = JSON.parse(document.getElementById("sohoa-data").textContent);
  var Q = DATA.questionnaire;
  var QUESTIONS = SohoaScore.questionsOf(Q);
  var KEY = "sohoa-form:" + DATA.form_id;
  var app = document.getElementById("app");

  // ---- State, kept in local storage as it changes ------------------------------

  var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  function ulid(now) {
    var out = "";
    var time = now;
    for (var i = 0; i < 10; i++) {
      out = CROCKFORD[time % 32] + out;
      time = Math.floor(time / 32);
    }
    var random = new Uint8Array(16);
    window.crypto.getRandomValues(random);
    for (var j = 0; j < 16; j++) out += CROCKFORD[random[j] % 32];
    return out;
  }

  function fresh() {
    var now = Date.now();
    return {
      lang: DATA.lang === "en" ? "en" : "vi",
      step: 0,
      profile: {
        name: (DATA.enterprise && DATA.enterprise.name) || "",
        tax_code: (DATA.enterprise && DATA.enterprise.tax_code) || "",
        person: "",
        phone: "",
        email: "",
        // Never ticked until the owner ticks it (silence is not consent).
        consent: false,
      },
      answers: {},
      typed: {},
      share_mode: {},
      // Gated figures the owner said "Có" to, before any figure is typed.
      gate_open: {},
      // A record of its own, never the program's: the program matches it by tax
      // code, and the merge keeps what the program knows and shows a conflict
      // where the owner wrote something else.
      enterprise_id: ulid(now),
      assessment_id: ulid(now),
      started: new Date(now).toISOString(),
      completed: null,
    };
  }

  // Whom the ids in the state were made for: the tax code, else the name.
  function identity(profile) {
    var code = SohoaScore.parseTaxCode(profile.tax_code);
    return code.ok || "name:" + profile.name.trim().toLowerCase();
  }

  // A blank form filled in again for another enterprise (in the same browser)
  // makes a record of its own: new ids, and once the first one's file was saved,
  // nothing of the first one's answers or contacts either.
  function claimIds() {
    var who = identity(state.profile);
    if (state.ids_for !== undefined && state.ids_for !== who) {
      if (state.completed) {
        var typed = state.profile;
        var lang = state.lang;
        state = fresh();
        state.lang = lang;
        state.profile.name = typed.name;
        state.profile.tax_code = typed.tax_code;
      } else {
        state.enterprise_id = ulid(Date.now());
        state.assessment_id = ulid(Date.now());
      }
    }
    state.ids_for = who;
  }

  function load() {
    try {
      var text = window.localStorage.getItem(KEY);
      var saved = text ? JSON.parse(text) : null;
      if (saved && saved.answers && saved.profile) {
        ["typed", "share_mode", "gate_open"].forEach(function (part) {
          saved[part] = saved[part] || {};
        });
        return saved;
      }
    } catch (e) {
      // No storage (a private window) or a damaged entry: start afresh.
    }
    return fresh();
  }

  var state = load();
  var storageWorks = true;

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      storageWorks = true;
    } catch (e) {
      storageWorks = false;
    }
  }

  // ---- Words -------------------------------------------------------------------

  function t(vi, en) {
    return state.lang === "en" ? en : vi;
  }

  function text(bilingual) {
    if (!bilingual) return "";
    var wanted = state.lang === "en" ? bilingual.en : bilingual.vi;
    var other = state.lang === "en" ? bilingual.vi : bilingual.en;
    return wanted && wanted.trim() ? wanted : other || "";
  }

  // A number as the language writes it: 12,5 and 1.200 in Vietnamese.
  function formatNumber(v, decimals) {
    var fixed = decimals === undefined ? String(Math.round(v * 1e6) / 1e6) : v.toFixed(decimals);
    return groupDigits(fixed);
  }

  // A decimal text ("24691.3578") with the language's grouping and point.
  function groupDigits(plain) {
    var negative = plain.charAt(0) === "-";
    var parts = (negative ? plain.slice(1) : plain).split(".");
    var sep = state.lang === "en" ? "," : ".";
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    var sign = negative ? "-" : "";
    if (parts.length < 2) return sign + whole;
    return sign + whole + (state.lang === "en" ? "." : ",") + parts[1];
  }

  // A stored figure with every digit it holds, as the language writes it.
  function formatFigure(figure) {
    var d = SohoaScore.decimal(figure);
    return d.err ? String(figure) : groupDigits(SohoaScore.decimalText(d));
  }

  // A figure as typed: `12,5`, `1.200`, `1 200` or `12.5` (the library's
  // parse_figure): {ok: "1200.5"}, the exact decimal as text; {err: words} when
  // it is not a figure; null when nothing is typed.
  function parseFigure(typed) {
    var s = String(typed).replace(/[\s\u00a0\u202f]/g, "");
    if (!s) return null;
    var decimal = state.lang === "en" ? "." : ",";
    var grouping = state.lang === "en" ? "," : ".";
    var at = s.lastIndexOf(decimal);
    var whole = at >= 0 ? s.slice(0, at) : s;
    var fraction = at >= 0 ? s.slice(at + 1) : null;
    var groups = whole.split(grouping);
    var grouped =
      groups.length > 1 &&
      groups[0] !== "" &&
      groups[0].replace(/^-/, "").length <= 3 &&
      groups.slice(1).every(function (g) {
        return g.length === 3;
      });
    var normal;
    if (grouped) normal = groups.join("") + (fraction !== null ? "." + fraction : "");
    else if (groups.length === 2 && fraction === null) normal = groups[0] + "." + groups[1];
    else if (groups.length === 1) normal = whole + (fraction !== null ? "." + fraction : "");
    else normal = null;
    var notANumber = { err: t("Hãy nhập một con số, ví dụ 12,5", "Type a number, e.g. 12.5") };
    if (normal === null || !/^-?\d*(\.\d*)?$/.test(normal)) return notANumber;
    var d = SohoaScore.decimal(normal);
    if (d.err === "not_a_number") return notANumber;
    if (d.err) {
      var words = SohoaScore.figureProblem({ err: d.err, text: String(typed).trim() });
      return { err: t(words.vi, words.en) };
    }
    return { ok: SohoaScore.decimalText(d) };
  }

  // Gives `answer` (null: none) to the question when it fits with the other
  // answers; else keeps nothing for it and returns the reason, in words.
  function offer(question, answer) {
    if (answer !== null) {
      var wrong = SohoaScore.checkChange(Q, state.answers, question.id, answer);
      if (wrong) {
        setAnswer(question.id, null);
        return t(wrong.vi, wrong.en);
      }
    }
    setAnswer(question.id, answer);
    return "";
  }

  function taxCodeProblem(typed) {
    var parsed = SohoaScore.parseTaxCode(typed);
    if (parsed.ok) return null;
    switch (parsed.err) {
      case "empty":
        return t("Cần nhập mã số thuế", "The tax code is required");
      case "check_digit":
        return t(
          "Chữ số kiểm tra là " + parsed.found + ", đúng ra phải là " + parsed.expected,
          "The check digit is " + parsed.found + " but should be " + parsed.expected
        );
      case "wrong_length":
        return t(
          "Mã số thuế có 10 chữ số (13 với chi nhánh, 12 với số định danh cá nhân), không phải " + parsed.length,
          "A tax code has 10 digits (13 for a branch, 12 for a personal ID), not " + parsed.length
        );
      case "bad_character":
        return t(
          "Ký tự “" + parsed.character + "” không dùng trong mã số thuế",
          "“" + parsed.character + "” is not used in tax codes"
        );
      case "branch_zero":
        return t("Số chi nhánh phải từ 001 đến 999", "A branch number is 001 to 999");
      default:
        return t(
          "Không có mã số thuế hợp lệ nào bắt đầu bằng 9 chữ số này",
          "No valid tax code starts with these nine digits"
        );
    }
  }

  // ---- Building the page ---------------------------------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else if (value === true) node.setAttribute(name, "");
      else node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function shown() {
    return SohoaScore.visibility(Q, state.answers);
  }

  function answeredCount(visible) {
    var answered = 0;
    var total = 0;
    QUESTIONS.forEach(function (entry, i) {
      if (!visible[i] || SohoaScore.kindOf(entry.question)[0] === "FreeText") return;
      total += 1;
      if (state.answers[entry.question.id] !== undefined) answered += 1;
    });
    return { answered: answered, total: total };
  }

  function setAnswer(id, answer) {
    if (answer === null || answer === undefined) delete state.answers[id];
    else state.answers[id] = answer;
    save();
  }

  function header() {
    var other = state.lang === "en" ? "Tiếng Việt" : "English";
    return el("header", {}, [
      el("div", { class: "program", text: text(DATA.program) }),
      el("button", {
        class: "lang",
        type: "button",
        text: other,
        lang: state.lang === "en" ? "vi" : "en",
        onclick: function () {
          state.lang = state.lang === "en" ? "vi" : "en";
          save();
          render();
        },
      }),
    ]);
  }

  function field(label, value, onchange, attributes, problem) {
    var input = el("input", Object.assign({ value: value, "aria-label": label }, attributes || {}));
    input.value = value;
    var message = el("div", { class: "problem", role: "alert", text: problem || "" });
    input.addEventListener("input", function () {
      var now = onchange(input.value.normalize("NFC"));
      message.textContent = now || "";
    });
    return el("label", { class: "field" }, [el("span", { text: label }), input, message]);
  }

  // Law 91/2025/QH15: the owner's name, phone and e-mail go to the program only
  // with their consent, for the purpose shown.
  function consentBox(p) {
    var purpose = DATA.consent_purpose ? t(DATA.consent_purpose.vi, DATA.consent_purpose.en) : "";
    var box = el("input", { type: "checkbox", id: "consent", checked: p.consent === true });
    box.addEventListener("change", function () {
      p.consent = box.checked;
      save();
    });
    return el("label", { class: "consent" }, [
      box,
      el("span", {
        text: t(
          "Tôi đồng ý để chương trình giữ tên, điện thoại và thư điện tử trên đây, cho mục đích: " + purpose +
            ". Tôi có thể rút lại sự đồng ý bất cứ lúc nào. Nếu không đánh dấu, các thông tin này không được gửi đi.",
          "I agree that the program keeps the name, phone and e-mail above, for this purpose: " + purpose +
            ". I may withdraw this at any time. Unticked, they are not sent."
        ),
      }),
    ]);
  }

  function startPage() {
    var p = state.profile;
    var start = el("button", {
      class: "primary",
      type: "button",
      text: t("Bắt đầu", "Start"),
      onclick: function () {
        var problem = !p.name.trim()
          ? t("Cần nhập tên doanh nghiệp", "The enterprise's name is required")
          : taxCodeProblem(p.tax_code);
        if (problem) {
          notice.textContent = problem;
          return;
        }
        claimIds();
        state.step = 1;
        save();
        render();
        window.scrollTo(0, 0);
      },
    });
    var notice = el("p", { class: "problem", role: "alert" });
    return el("main", {}, [
      el("h1", { text: text(Q.title) }),
      el("details", {}, [
        el("summary", { text: t("Về bộ câu hỏi này", "About this questionnaire") }),
        el("p", { class: "note", text: text(Q.description) }),
        el("p", { class: "note", text: text(Q.source) }),
      ]),
      el("p", {
        text: t(
          "Trả lời từng câu theo tình hình thực tế của doanh nghiệp. Câu trả lời được lưu ngay trên máy này; đóng trang rồi mở lại tệp vẫn làm tiếp được. Không có gì được gửi đi cho đến khi bạn tự gửi tệp kết quả.",
          "Answer each question as things really are in the business. Answers are kept on this device as you give them; close the page and open the file again to go on. Nothing is sent anywhere until you send the result file yourself."
        ),
      }),
      el("section", { class: "card" }, [
        field(t("Tên doanh nghiệp *", "Enterprise name *"), p.name, function (v) {
          p.name = v;
          save();
          return v.trim() ? "" : t("Cần nhập tên doanh nghiệp", "The enterprise's name is required");
        }, { autocomplete: "organization", id: "name" }),
        field(
          t("Mã số thuế *", "Tax code *"),
          p.tax_code,
          function (v) {
            p.tax_code = v;
            save();
            return taxCodeProblem(v) || "";
          },
          { inputmode: "numeric", id: "tax_code" },
          p.tax_code ? taxCodeProblem(p.tax_code) : ""
        ),
        field(t("Người trả lời", "Your name"), p.person, function (v) {
          p.person = v;
          save();
        }, { autocomplete: "name", id: "person" }),
        field(t("Điện thoại", "Phone"), p.phone, function (v) {
          p.phone = v;
          save();
        }, { inputmode: "tel", autocomplete: "tel", id: "phone" }),
        field(t("Thư điện tử", "E-mail"), p.email, function (v) {
          p.email = v;
          save();
        }, { inputmode: "email", autocomplete: "email", id: "email" }),
        consentBox(p),
      ]),
      notice,
      start,
    ]);
  }

  function progressBar(visible) {
    var pillar = Q.pillars[state.step - 1];
    var fill = el("div", { class: "fill" });
    var bar = el("div", { class: "bar", role: "progressbar", "aria-valuemin": "0" }, [fill]);
    var count = el("div", { class: "count" });
    function show(visible) {
      var now = answeredCount(visible);
      var fraction = now.total ? now.answered / now.total : 0;
      fill.style.width = Math.round(fraction * 100) + "%";
      bar.setAttribute("aria-valuemax", String(now.total));
      bar.setAttribute("aria-valuenow", String(now.answered));
      count.textContent = now.answered + "/" + now.total + t(" câu đã trả lời", " questions answered");
    }
    show(visible);
    // Figures typed count at once, without redrawing the page.
    liveUpdates.push(function () {
      show(shown());
    });
    return el("div", { class: "progress" }, [
      el("div", {
        class: "steps",
        text:
          t("Trụ cột ", "Pillar ") + state.step + "/" + Q.pillars.length + " · " + text(pillar.name),
      }),
      bar,
      count,
    ]);
  }

  function choiceList(question, options, name, multiple) {
    var answer = state.answers[question.id];
    return el(
      "div",
      { class: "choices", role: multiple ? "group" : "radiogroup", "aria-label": text(question.text) },
      options.map(function (option) {
        var checked = multiple
          ? !!(answer && answer.choices && answer.choices.indexOf(option.id) >= 0)
          : !!(answer && answer.choice === option.id);
        var input = el("input", {
          type: multiple ? "checkbox" : "radio",
          name: name,
          value: option.id,
          checked: checked,
          onchange: function () {
            if (multiple) {
              var ticked = (state.answers[question.id] && state.answers[question.id].choices) || [];
              ticked = ticked.filter(function (id) {
                return id !== option.id;
              });
              if (input.checked) ticked.push(option.id);
              setAnswer(question.id, ticked.length ? { choices: ticked } : null);
            } else {
              setAnswer(question.id, { choice: option.id });
            }
            render();
          },
        });
        return el("label", { class: "choice" + (checked ? " picked" : "") }, [
          input,
          el("span", { text: option.label }),
        ]);
      })
    );
  }

  function optionsOf(question) {
    var kind = SohoaScore.kindOf(question);
    var options = [];
    if (question.gate) options.push({ id: SohoaScore.GATE_NO, label: "[0] " + text(question.gate.no) });
    if (kind[0] === "YesNo") {
      options.push({ id: "yes", label: t("Có", "Yes") });
      options.push({ id: "no", label: t("Không", "No") });
    } else {
      (kind[1].options || []).forEach(function (o, i) {
        var key = question.gate ? "[" + (i + 1) + "] " : "";
        options.push({ id: o.id, label: key + text(o.label) });
      });
    }
    return options;
  }

  // A box for a figure; each value that reads is stored at once.
  function figureBox(question, slot, label, unit, onvalue) {
    var key = question.id + "#" + slot;
    var input = el("input", {
      type: "text",
      inputmode: "decimal",
      "aria-label": label,
      id: "q-" + question.id.replace(/[^a-zA-Z0-9_-]/g, "_") + "-" + slot,
    });
    input.value = state.typed[key] !== undefined ? state.typed[key] : "";
    var message = el("div", { class: "problem", role: "alert" });
    function react() {
      var parsed = parseFigure(input.value);
      if (parsed && parsed.err) {
        message.textContent = parsed.err;
        onvalue(null, false);
      } else {
        message.textContent = onvalue(parsed ? parsed.ok : null, parsed === null) || "";
      }
    }
    input.addEventListener("input", function () {
      state.typed[key] = input.value;
      react();
      save();
      updateLive();
    });
    // No redrawing here: a person tapping the next box must find it where it was.
    return el("label", { class: "field figure" }, [
      el("span", { text: label }),
      el("div", { class: "with-unit" }, [input, unit ? el("span", { class: "unit", text: unit }) : null]),
      message,
    ]);
  }

  var liveUpdates = [];

  function updateLive() {
    liveUpdates.forEach(function (update) {
      update();
    });
  }

  function pointsWord(n) {
    return n + t(" điểm", n === 1 ? " point" : " points");
  }

  function ratioControls(question, body) {
    var unit = body.unit ? text(body.unit) : "";
    var shareMode = !!state.share_mode[question.id];
    var parts = [];
    var sharedFigure = body.whole && body.whole.Figure !== undefined ? body.whole.Figure : null;
    // Both boxes' figures as one answer; the reason when they do not fit.
    function store() {
      var part = parseFigure(state.typed[question.id + "#part"] || "");
      var whole = sharedFigure ? null : parseFigure(state.typed[question.id + "#whole"] || "");
      var bad = [part, whole].filter(function (figure) {
        return figure && figure.err;
      })[0];
      if (bad) {
        setAnswer(question.id, null);
        return bad.err;
      }
      if (part === null || (!sharedFigure && whole === null)) {
        setAnswer(question.id, null);
        return "";
      }
      return offer(question, { ratio: { part: part.ok, whole: whole ? whole.ok : null } });
    }
    if (shareMode) {
      parts.push(
        figureBox(question, "share", t("Tỷ lệ (%)", "Share (%)"), "%", function (value) {
          return offer(question, value === null ? null : { number: value });
        })
      );
    } else {
      parts.push(figureBox(question, "part", text(body.part), unit, store));
      if (sharedFigure) {
        var figureQuestion = QUESTIONS.filter(function (e) {
          return e.question.id === sharedFigure;
        })[0];
        var total = state.answers[sharedFigure];
        parts.push(
          el("p", {
            class: "shared",
            text:
              "÷ " +
              (total && total.number !== undefined ? formatFigure(total.number) + (unit ? " " + unit : "") : "…") +
              " (" + t("đã trả lời ở câu: ", "answered at: ") + (figureQuestion ? text(figureQuestion.question.text) : sharedFigure) + ")",
          })
        );
      } else {
        parts.push(figureBox(question, "whole", text(body.whole.Asked), unit, store));
      }
    }
    var live = el("p", { class: "live", "aria-live": "polite" });
    function showLive() {
      var now = state.answers[question.id];
      if (!now) {
        live.textContent = "";
        return;
      }
      var figureQuestion = sharedFigure
        ? QUESTIONS.filter(function (e) {
            return e.question.id === sharedFigure;
          })[0]
        : null;
      var shared = figureQuestion ? SohoaScore.sharedTotalOf(figureQuestion.question, state.answers[sharedFigure]) : null;
      var earned = SohoaScore.pointsWith(question, now, shared);
      if (earned.err !== undefined) {
        live.textContent = t("Chưa tính được: ", "Not scored yet: ") + t(earned.vi, earned.en);
        return;
      }
      var share = now.number !== undefined ? Number(now.number) : null;
      if (now.ratio) {
        var whole = Number(now.ratio.whole !== null && now.ratio.whole !== undefined ? now.ratio.whole : shared);
        share = whole > 0 ? (Number(now.ratio.part) / whole) * 100 : null;
      }
      live.textContent =
        "→ " + (share === null ? t("tổng bằng 0", "the total is 0") : formatNumber(share, share % 1 === 0 ? 0 : 1) + "%") + " → " + pointsWord(earned.ok);
    }
    liveUpdates.push(showLive);
    showLive();
    parts.push(live);
    parts.push(
      el("button", {
        type: "button",
        class: "link",
        text: shareMode
          ? t("Nhập hai con số thay vì tỷ lệ", "Enter the two figures instead")
          : t("Chỉ biết tỷ lệ (%)? Nhập tỷ lệ", "Only know the share (%)? Enter the share"),
        onclick: function () {
          state.share_mode[question.id] = !shareMode;
          delete state.typed[question.id + "#part"];
          delete state.typed[question.id + "#whole"];
          delete state.typed[question.id + "#share"];
          setAnswer(question.id, null);
          render();
        },
      })
    );
    return el("div", { class: "ratio" }, parts);
  }

  function answerControls(question) {
    var kind = SohoaScore.kindOf(question);
    var tag = kind[0];
    var body = kind[1];
    var unit = body.unit ? text(body.unit) : "";
    if (tag === "SingleChoice" || tag === "YesNo") {
      return choiceList(question, optionsOf(question), "q-" + question.id, false);
    }
    if (tag === "MultipleChoice") {
      return choiceList(
        question,
        body.options.map(function (o) {
          return { id: o.id, label: text(o.label) };
        }),
        "q-" + question.id,
        true
      );
    }
    if (tag === "Ratio") return ratioControls(question, body);
    if (tag === "Number" || tag === "Figure" || tag === "Percent") {
      return figureBox(question, "value", t("Con số", "Figure"), tag === "Percent" ? "%" : unit, function (value) {
        return offer(question, value === null ? null : { number: value });
      });
    }
    var area = el("textarea", { rows: "3", "aria-label": text(question.text) });
    var current = state.answers[question.id];
    area.value = current && current.text ? current.text : "";
    area.addEventListener("input", function () {
      var value = area.value.normalize("NFC");
      setAnswer(question.id, value.trim() ? { text: value } : null);
    });
    return area;
  }

  function questionCard(entry, visible, index) {
    var question = entry.question;
    var title = (question.number ? question.number + " · " : "") + text(question.text);
    var card = el("section", { class: "card question" + (visible ? "" : " skipped"), id: "card-" + index }, [
      el("h2", { text: title }),
    ]);
    if (!visible) {
      card.appendChild(
        el("p", {
          class: "note",
          text: t(
            "Câu này được bỏ qua theo câu trả lời trước (0 điểm).",
            "Skipped because of an earlier answer (0 points)."
          ),
        })
      );
      return card;
    }
    if (question.help) card.appendChild(el("p", { class: "help", text: text(question.help) }));
    if (question.provisional) {
      card.appendChild(el("p", { class: "provisional", text: "◇ " + t("Điểm tạm tính: ", "Provisional points: ") + text(question.provisional) }));
    }
    var tag = SohoaScore.kindOf(question)[0];
    var gated = question.gate && tag !== "SingleChoice" && tag !== "YesNo";
    if (question.gate) card.appendChild(el("p", { class: "gate", text: text(question.gate.question) }));
    if (gated) {
      // A gate before figures: "Không" scores 0; "Có" opens the figures.
      var answer = state.answers[question.id];
      var saidNo = answer && answer.choice === SohoaScore.GATE_NO;
      var saidYes = !!state.gate_open[question.id] || (answer && !saidNo);
      card.appendChild(
        el("div", { class: "choices", role: "radiogroup", "aria-label": text(question.gate.question) }, [
          el("label", { class: "choice" + (saidNo ? " picked" : "") }, [
            el("input", { type: "radio", name: "g-" + question.id, value: "no", checked: saidNo, onchange: function () {
              delete state.gate_open[question.id];
              setAnswer(question.id, { choice: SohoaScore.GATE_NO });
              render();
            } }),
            el("span", { text: text(question.gate.no) }),
          ]),
          el("label", { class: "choice" + (saidYes ? " picked" : "") }, [
            el("input", { type: "radio", name: "g-" + question.id, value: "yes", checked: saidYes, onchange: function () {
              state.gate_open[question.id] = true;
              if (saidNo) setAnswer(question.id, null);
              render();
            } }),
            el("span", { text: t("Có", "Yes") }),
          ]),
        ])
      );
      if (saidYes) card.appendChild(answerControls(question));
    } else {
      card.appendChild(answerControls(question));
    }
    var actions = el("div", { class: "row" });
    if (question.not_applicable) {
      actions.appendChild(
        el("button", {
          type: "button",
          class: "link" + (state.answers[question.id] === "na" ? " picked" : ""),
          text: t("Không áp dụng với doanh nghiệp", "Not applicable to the business"),
          "aria-pressed": state.answers[question.id] === "na" ? "true" : "false",
          onclick: function () {
            setAnswer(question.id, state.answers[question.id] === "na" ? null : "na");
            render();
          },
        })
      );
    }
    if (state.answers[question.id] !== undefined) {
      actions.appendChild(
        el("button", {
          type: "button",
          class: "link",
          text: t("Xóa câu trả lời", "Clear the answer"),
          onclick: function () {
            Object.keys(state.typed).forEach(function (key) {
              if (key.indexOf(question.id + "#") === 0) delete state.typed[key];
            });
            setAnswer(question.id, null);
            render();
          },
        })
      );
    }
    if (actions.childNodes.length) card.appendChild(actions);
    return card;
  }

  function pillarPage() {
    var visible = shown();
    var p = state.step - 1;
    var cards = [];
    QUESTIONS.forEach(function (entry, i) {
      if (entry.pillar === p) cards.push(questionCard(entry, visible[i], i));
    });
    var last = state.step === Q.pillars.length;
    return el("main", {}, [
      progressBar(visible),
      el("h1", { text: text(Q.pillars[p].name) }),
    ].concat(cards).concat([
      el("div", { class: "nav" }, [
        el("button", {
          type: "button",
          text: t("← Trước", "← Back"),
          onclick: function () {
            state.step -= 1;
            save();
            render();
            window.scrollTo(0, 0);
          },
        }),
        el("button", {
          type: "button",
          class: "primary",
          text: last ? t("Xem kết quả", "See the result") : t("Tiếp →", "Next →"),
          onclick: function () {
            state.step += 1;
            save();
            render();
            window.scrollTo(0, 0);
          },
        }),
      ]),
    ]));
  }

  var LEVEL_COLORS = ["#b03a2e", "#d35400", "#b7950b", "#6c9a1f", "#1e8449", "#1a5276"];

  function levelName(level) {
    var found = Q.levels.filter(function (l) {
      return l.level === level;
    })[0];
    return found ? text(found.name) : "";
  }

  // One bar per pillar: its share of the pillar's maximum, coloured by its level.
  function chart(report) {
    var ns = "http://www.w3.org/2000/svg";
    var rowHeight = 34;
    var width = 320;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + (report.pillars.length * rowHeight + 8));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("Điểm theo trụ cột", "Points by pillar"));
    report.pillars.forEach(function (pillar, i) {
      var y = i * rowHeight + 4;
      function add(tag, attributes, content) {
        var node = document.createElementNS(ns, tag);
        Object.keys(attributes).forEach(function (name) {
          node.setAttribute(name, attributes[name]);
        });
        if (content !== undefined) node.textContent = content;
        svg.appendChild(node);
      }
      add("text", { x: 0, y: y + 11, "font-size": 11, fill: "currentColor" }, text(Q.pillars[i].name));
      add("rect", { x: 0, y: y + 15, width: width - 50, height: 12, rx: 3, fill: "#e5e8ec" });
      add("rect", { x: 0, y: y + 15, width: Math.max(2, (width - 50) * pillar.share), height: 12, rx: 3, fill: LEVEL_COLORS[pillar.level] || "#555" });
      add("text", { x: width - 44, y: y + 25, "font-size": 11, fill: "currentColor" }, formatNumber(pillar.share * 100, 0) + "%");
    });
    return svg;
  }

  function recommendation(pillarId, level) {
    var found = (Q.recommendations || []).filter(function (r) {
      return r.pillar === pillarId && r.level === level;
    })[0];
    return found ? text(found.text) : "";
  }

  function resultPage() {
    var report = SohoaScore.score(Q, state.answers);
    var missing = report.unanswered.length;
    var rows = report.pillars.map(function (pillar, i) {
      return el("tr", {}, [
        el("td", { text: text(Q.pillars[i].name) }),
        el("td", { class: "num", text: pillar.points + "/" + pillar.max_points }),
        el("td", { class: "num", text: String(pillar.level) }),
      ]);
    });
    var saved = el("p", { class: "note", role: "status" });
    var recommendations = report.pillars.map(function (pillar, i) {
      var advice = recommendation(pillar.id, pillar.level);
      if (!advice) return null;
      return el("div", { class: "advice" }, [
        el("h3", { text: text(Q.pillars[i].name) + " · " + t("mức ", "level ") + pillar.level }),
        el("p", { text: advice }),
      ]);
    });
    return el("main", {}, [
      el("h1", { text: t("Kết quả tự đánh giá", "Self-assessment result") }),
      el("div", { class: "badge", style: "background:" + (LEVEL_COLORS[report.level] || "#555"), id: "level" }, [
        el("div", { class: "big", text: t("Mức ", "Level ") + report.level + " – " + levelName(report.level) }),
        el("div", { text: report.total + "/" + report.max_points + t(" điểm", " points") }),
      ]),
      missing
        ? el("p", {
            class: "problem",
            text: t(
              missing + " câu chưa trả lời được tính 0 điểm. Có thể quay lại trả lời tiếp.",
              missing + " unanswered questions score 0. You can go back and answer them."
            ),
          })
        : null,
      el("table", { class: "pillars" }, [
        el("thead", {}, [
          el("tr", {}, [
            el("th", { text: t("Trụ cột", "Pillar") }),
            el("th", { class: "num", text: t("Điểm", "Points") }),
            el("th", { class: "num", text: t("Mức", "Level") }),
          ]),
        ]),
        el("tbody", {}, rows),
      ]),
      chart(report),
      el("h2", { text: t("Khuyến nghị", "Recommendations") }),
    ].concat(recommendations).concat([
      report.invalid.length
        ? el("section", { class: "card problem-list", role: "alert" }, [
            el("p", {
              class: "problem",
              text: t(
                "Chưa lưu được: các câu sau có câu trả lời chưa đúng (ví dụ phần lớn hơn tổng). Hãy quay lại sửa:",
                "Not ready to save: these answers do not fit (a part larger than its total, for example). Go back and correct them:"
              ),
            }),
          ].concat(
            report.invalid.map(function (problem) {
              var entry = QUESTIONS.filter(function (e) {
                return e.question.id === problem.question;
              })[0];
              var name = entry ? (entry.question.number || "") + " " + text(entry.question.text) : problem.question;
              return el("p", { class: "note", text: "• " + name });
            })
          ))
        : null,
      el("section", { class: "card send" }, [
        el("button", {
          type: "button",
          class: "primary",
          id: "save-result",
          disabled: report.invalid.length > 0,
          text: t("Lưu kết quả để gửi", "Save the result to send"),
          onclick: function () {
            var name = download();
            saved.textContent = t(
              "Đã lưu tệp “" + name + "” (thường trong thư mục Tải về). Gửi tệp này, không sửa gì, cho cán bộ chương trình qua thư điện tử hoặc Zalo.",
              "Saved “" + name + "” (usually in Downloads). Send this file, unchanged, to the program's staff by e-mail or Zalo."
            );
          },
        }),
        saved,
      ]),
      el("div", { class: "nav" }, [
        el("button", {
          type: "button",
          text: t("← Sửa câu trả lời", "← Change answers"),
          onclick: function () {
            state.step = Q.pillars.length;
            save();
            render();
            window.scrollTo(0, 0);
          },
        }),
      ]),
    ]));
  }

  // ---- The file sent back: a Sohoa self-assessment bundle (RON) -------------------

  function ronString(s) {
    return JSON.stringify(String(s).normalize("NFC"));
  }

  function ronNumber(n) {
    var s = String(n);
    return /[.eE]/.test(s) ? s : s + ".0";
  }

  // "Baseline" or {"FollowUp": 1}, as serde writes them in JSON.
  function ronStage(stage) {
    if (stage && typeof stage === "object" && stage.FollowUp !== undefined) {
      return "FollowUp(" + Math.floor(stage.FollowUp) + ")";
    }
    return "Baseline";
  }

  function ronAnswer(answer) {
    if (answer === "na") return "NotApplicable";
    if (answer.choice !== undefined) return "Choice(" + ronString(answer.choice) + ")";
    if (answer.choices !== undefined) return "Choices([" + answer.choices.map(ronString).join(", ") + "])";
    if (answer.number !== undefined) return "Number(" + ronNumber(answer.number) + ")";
    if (answer.text !== undefined) return "Text(" + ronString(answer.text) + ")";
    var whole = answer.ratio.whole === null || answer.ratio.whole === undefined ? "None" : "Some(" + ronNumber(answer.ratio.whole) + ")";
    return "Ratio((part: " + ronNumber(answer.ratio.part) + ", whole: " + whole + "))";
  }

  // The contact and the consent given with it, or neither.
  function contactLines(p, now) {
    if (p.consent !== true) return "    contact: (),";
    var purpose = DATA.consent_purpose ? DATA.consent_purpose.vi : "";
    var d = new Date(now);
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    var day = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    return [
      "    contact: (person: " + ronString(p.person.trim()) + ", phone: " + ronString(p.phone.trim()) + ", email: " + ronString(p.email.trim()) + "),",
      "    consent: Some((given: true, date: " + ronString(day) + ", recorded_by: " +
        ronString(t("tự khai trên phiếu", "self-declared on the form")) + ", purpose: " + ronString(purpose) + ")),",
    ].join("\n");
  }

  function bundleText(now) {
    var p = state.profile;
    var taxCode = SohoaScore.parseTaxCode(p.tax_code);
    var ids = Object.keys(state.answers).sort();
    var answers = ids
      .map(function (id) {
        return "        " + ronString(id) + ": " + ronAnswer(state.answers[id]) + ",";
      })
      .join("\n");
    var stamp = ronString(now);
    // Who filled it in is personal data too: named only with consent.
    var who = p.consent === true ? p.person.trim() : t("doanh nghiệp tự khai", "the enterprise itself");
    return [
      "(",
      '  format: "sohoa-bundle",',
      "  schema: 1,",
      "  kind: SelfAssessment,",
      "  exported: " + stamp + ",",
      "  by: " + ronString(who) + ",",
      "  machine: " + ronString(t("phiếu tự đánh giá", "self-assessment form")) + ",",
      "  enterprises: [(",
      "    id: " + ronString(state.enterprise_id) + ",",
      "    name: " + ronString(p.name.trim()) + ",",
      "    tax_code: " + (taxCode.ok ? "Some(" + ronString(taxCode.ok) + ")" : "None") + ",",
      contactLines(p, now),
      "    created: " + ronString(state.started) + ",",
      "    modified: " + stamp + ",",
      "    assessments: [(",
      "      id: " + ronString(state.assessment_id) + ",",
      "      questionnaire: " + ronString(Q.id) + ",",
      "      questionnaire_version: " + ronString(Q.version) + ",",
      "      stage: " + ronStage(DATA.stage) + ",",
      "      mode: SelfAssessment,",
      "      assessor: " + ronString(who) + ",",
      "      started: " + ronString(state.started) + ",",
      "      completed: Some(" + stamp + "),",
      "      answers: {",
      answers,
      "      },",
      "    )],",
      "  )],",
      ")",
      "",
    ].join("\n");
  }

  function fileName(now) {
    var code = SohoaScore.parseTaxCode(state.profile.tax_code);
    // The day where the owner is, not in UTC (7 hours behind in Vietnam).
    var d = new Date(now);
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    var day = pad(d.getDate()) + "-" + pad(d.getMonth() + 1) + "-" + d.getFullYear();
    return "tu-danh-gia-" + (code.ok || "doanh-nghiep") + "-" + day + ".sohoa";
  }

  function download() {
    claimIds();
    var now = new Date().toISOString();
    state.completed = now;
    save();
    var name = fileName(now);
    var blob = new Blob([bundleText(now)], { type: "application/octet-stream" });
    var link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    return name;
  }

  // ---- The page --------------------------------------------------------------------

  function render() {
    liveUpdates = [];
    document.documentElement.lang = state.lang;
    var page;
    if (state.step <= 0) page = startPage();
    else if (state.step > Q.pillars.length) page = resultPage();
    else page = pillarPage();
    // Keyboard focus stays where it was: a choice redraws the page, and a person
    // using Tab must not start again from the top.
    var active = document.activeElement;
    var focused = !active || active === document.body
      ? null
      : active.id
        ? { id: active.id }
        : active.name
          ? { name: active.name, value: active.value }
          : null;
    var parts = [header(), page];
    // (replaceChildren would write a null out as the text "null".)
    if (!storageWorks) {
      parts.push(el("p", {
        class: "problem",
        text: t(
          "Trình duyệt này không cho lưu câu trả lời (chế độ ẩn danh?). Hãy làm hết một lần, hoặc mở tệp bằng trình duyệt thường.",
          "This browser does not let the answers be kept (a private window?). Finish in one go, or open the file in a normal window."
        ),
      }));
    }
    app.replaceChildren.apply(app, parts);
    if (focused) {
      var again = focused.id
        ? document.getElementById(focused.id)
        : Array.prototype.filter.call(document.getElementsByName(focused.name), function (e) {
            return e.value === focused.value;
          })[0];
      if (again) again.focus({ preventScroll: true });
    }
  }

  // For tests and for anyone curious: the same scoring the page shows.
  window.sohoaScore = function (answers) {
    return SohoaScore.score(Q, answers);
  };
  window.sohoaBundleText = function () {
    return bundleText(new Date().toISOString());
  };

  render();
})();
