//! Two real Syncthing instances on this machine, sharing one Sohoa data folder
//! between "laptop A" and "laptop B", for the team tests (`team.rs`).
//!
//! Each instance is a child process with its own home, listening on 127.0.0.1 only,
//! on ports chosen free at run time. Global and local discovery, relays, NAT
//! traversal, usage reporting, crash reporting and upgrades are off before the
//! first start (written into the configuration Syncthing generates, so it never
//! listens beyond loopback nor calls out, even for a moment); everything after
//! that (the other device, the shared folder) goes through Syncthing's REST API,
//! as a program office's setup script would. The instances are killed when the
//! [`Team`] is dropped, a failing test included.
//!
//! When `syncthing` is not installed the tests say so and pass, except with
//! `SOHOA_REQUIRE_SYNCTHING=1` (set by `.ci/run`), where they fail.

use std::io::{BufRead, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The shared folder's id in both instances.
pub const FOLDER: &str = "sohoa-program";

/// The `syncthing` program, or `None` (after saying why) when the tests should skip.
pub fn syncthing_program() -> Option<PathBuf> {
    let found = crate::on_path("syncthing");
    if found.is_none() {
        crate::skip_unless_required(
            "SOHOA_REQUIRE_SYNCTHING",
            "`syncthing` is not on PATH (Debian: apt-get install syncthing)",
        );
    }
    found
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// One laptop: a Syncthing instance and the Sohoa data folder it shares.
pub struct Laptop {
    pub name: &'static str,
    /// The person using this laptop (recorded in each record's history).
    pub user: &'static str,
    /// Syncthing's home, Sohoa's backups and key: this machine's, never shared.
    pub home: PathBuf,
    /// The shared Sohoa data folder.
    pub data: PathBuf,
    pub device_id: String,
    listen_port: u16,
    gui_port: u16,
    api_key: String,
    child: Option<Child>,
}

/// Two laptops whose Syncthing instances share one folder.
pub struct Team {
    pub a: Laptop,
    pub b: Laptop,
    _place: tempfile::TempDir,
}

impl Laptop {
    fn generate(program: &Path, place: &Path, name: &'static str, user: &'static str) -> Laptop {
        let home = place.join(name);
        let data = place.join(format!("{name}-data"));
        std::fs::create_dir_all(&data).unwrap();
        let out = Command::new(program)
            .args(["generate", "--no-default-folder", "--skip-port-probing"])
            .arg(format!("--home={}", home.join("syncthing").display()))
            .output()
            .expect("syncthing generate runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "syncthing generate: {said}");
        let device_id = said
            .lines()
            .find_map(|l| l.split("Device ID: ").nth(1))
            .map(|id| id.trim().to_owned())
            .unwrap_or_else(|| panic!("no device id in: {said}"));
        let mut laptop = Laptop {
            name,
            user,
            home,
            data,
            device_id,
            listen_port: free_port(),
            gui_port: free_port(),
            api_key: format!("sohoa-test-{name}-{}", std::process::id()),
            child: None,
        };
        laptop.keep_to_loopback();
        laptop
    }

    /// Turns off everything that would listen beyond 127.0.0.1 or call out, in the
    /// configuration `syncthing generate` wrote, before the first start.
    fn keep_to_loopback(&mut self) {
        let path = self.home.join("syncthing").join("config.xml");
        let mut config = std::fs::read_to_string(&path).unwrap();
        let listen = format!("tcp://127.0.0.1:{}", self.listen_port);
        for (element, from, to) in [
            ("listenAddress", "default", listen.as_str()),
            ("globalAnnounceEnabled", "true", "false"),
            ("localAnnounceEnabled", "true", "false"),
            ("relaysEnabled", "true", "false"),
            ("natEnabled", "true", "false"),
            ("startBrowser", "true", "false"),
            ("urAccepted", "0", "-1"),
            ("autoUpgradeIntervalH", "12", "0"),
            ("crashReportingEnabled", "true", "false"),
        ] {
            let old = format!("<{element}>{from}</{element}>");
            assert!(
                config.contains(&old),
                "{element} is not `{from}` in the generated configuration: this Syncthing writes another layout"
            );
            config = config.replace(&old, &format!("<{element}>{to}</{element}>"));
        }
        std::fs::write(&path, config).unwrap();
    }

    /// Starts the instance and waits until its REST interface answers. A port
    /// found free can be taken by another test's connection before Syncthing
    /// binds it: the GUI's port is then chosen again (at most twice).
    fn start(&mut self, program: &Path) {
        for attempt in 1.. {
            match self.try_start(program) {
                Ok(()) => return,
                Err(log) if attempt < 3 && log.contains("address already in use") => {
                    self.gui_port = free_port();
                }
                Err(log) => panic!("syncthing on {} stopped: {log}", self.name),
            }
        }
    }

    /// Starts the instance; `Err` with its log when it stopped before answering.
    fn try_start(&mut self, program: &Path) -> Result<(), String> {
        let log = std::fs::File::create(self.home.join("syncthing.log")).unwrap();
        let child = Command::new(program)
            .arg("serve")
            .arg(format!("--home={}", self.home.join("syncthing").display()))
            .arg(format!("--gui-address=http://127.0.0.1:{}", self.gui_port))
            .arg(format!("--gui-apikey={}", self.api_key))
            .args([
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--logflags=3",
            ])
            .env("STNODEFAULTFOLDER", "1")
            .env("STNOUPGRADE", "1")
            // Run as the one process, without the monitor that would otherwise
            // start it as a child and outlive a kill of the handle held here.
            .env("STMONITORED", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("syncthing serve starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.try_request("GET", "/rest/system/ping", None).is_err() {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                self.child = None;
                return Err(format!("({status}) {}", self.log()));
            }
            assert!(
                Instant::now() < deadline,
                "syncthing on {} did not answer: {}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    /// What this instance has logged.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.home.join("syncthing.log")).unwrap_or_default()
    }

    /// One REST call; the JSON answer (`null` for an empty body).
    fn try_request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let mut stream =
            TcpStream::connect(("127.0.0.1", self.gui_port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|e| e.to_string())?;
        let body = body.map(Value::to_string).unwrap_or_default();
        // HTTP/1.0: the answer ends when the connection closes, never chunked.
        let request = format!(
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nX-API-Key: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.api_key,
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let mut reader = std::io::BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).map_err(|e| e.to_string())?;
        let mut line = String::new();
        while reader.read_line(&mut line).map_err(|e| e.to_string())? > 2 {
            line.clear();
        }
        let mut answer = String::new();
        reader
            .read_to_string(&mut answer)
            .map_err(|e| e.to_string())?;
        if !status
            .split_whitespace()
            .nth(1)
            .is_some_and(|code| code.starts_with('2'))
        {
            return Err(format!("{method} {path}: {} {answer}", status.trim()));
        }
        if answer.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&answer).map_err(|e| format!("{method} {path}: {e}: {answer}"))
    }

    /// One REST call that must succeed.
    pub fn rest(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.try_request(method, path, body)
            .unwrap_or_else(|e| panic!("syncthing on {}: {e}", self.name))
    }

    /// Introduces `other` and shares the data folder with it.
    fn share_with(&self, other: &Laptop) {
        self.rest(
            "POST",
            "/rest/config/devices",
            Some(&json!({
                "deviceID": other.device_id,
                "name": other.name,
                "addresses": [format!("tcp://127.0.0.1:{}", other.listen_port)],
            })),
        );
        self.rest(
            "POST",
            "/rest/config/folders",
            Some(&json!({
                "id": FOLDER,
                "label": "Sohoa",
                "path": self.data,
                "type": "sendreceive",
                "devices": [{"deviceID": self.device_id}, {"deviceID": other.device_id}],
                "fsWatcherEnabled": true,
                "fsWatcherDelayS": 1,
                "rescanIntervalS": 60,
                // Every conflict copy is kept until Sohoa merges it: with the
                // default of 10, Syncthing deletes the oldest ones.
                "maxConflicts": -1,
                // The README's advice to offices: keep earlier versions.
                "versioning": {"type": "staggered", "params": {"maxAge": "31536000"}},
            })),
        );
    }

    /// Whether this instance is connected to `other`.
    fn connected_to(&self, other: &Laptop) -> bool {
        self.rest("GET", "/rest/system/connections", None)["connections"][&other.device_id]
            ["connected"]
            .as_bool()
            .unwrap_or(false)
    }

    /// Takes this laptop off the network (as a consultant out of the office), or back.
    pub fn set_offline(&self, other: &Laptop, offline: bool) {
        let action = if offline { "pause" } else { "resume" };
        self.rest(
            "POST",
            &format!("/rest/system/{action}?device={}", other.device_id),
            None,
        );
    }

    /// Asks Syncthing to look at the folder now (returns when the scan is done).
    fn scan(&self) {
        self.rest("POST", &format!("/rest/db/scan?folder={FOLDER}"), None);
    }

    /// The folder's state as Syncthing reports it.
    fn status(&self) -> Value {
        self.rest("GET", &format!("/rest/db/status?folder={FOLDER}"), None)
    }

    /// How far `other` has got with this folder, as this instance sees it.
    fn completion_of(&self, other: &Laptop) -> Value {
        self.rest(
            "GET",
            &format!(
                "/rest/db/completion?folder={FOLDER}&device={}",
                other.device_id
            ),
            None,
        )
    }

    /// A `sohoa` command on this laptop: its data folder, its own backups, key and
    /// cache, its user's name.
    pub fn sohoa_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sohoa"));
        command
            .args(args)
            .env("SOHOA_DATA_DIR", &self.data)
            .env("SOHOA_BACKUP_DIR", self.home.join("backups"))
            .env("SOHOA_KEY_DIR", self.home.join("key"))
            .env("SOHOA_CACHE_DIR", self.home.join("cache"))
            .env("SOHOA_USER", self.user)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        command
    }

    /// Runs `sohoa ARGS` on this laptop.
    pub fn sohoa(&self, args: &[&str]) -> Output {
        self.sohoa_command(args)
            .output()
            .expect("the sohoa binary runs")
    }
}

impl Drop for Laptop {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The processes whose command line names `place` (Linux; none elsewhere).
fn processes_under(place: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let needle = place.to_string_lossy().into_owned();
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|line| String::from_utf8_lossy(&line).replace('\0', " "))
        .filter(|line| line.contains(&needle))
        .collect()
}

impl Team {
    /// Two laptops sharing one folder, connected, with `a`'s data folder made by
    /// Sohoa first and received by `b` (as an office sets up a consultant).
    /// `None` when Syncthing is not installed and not required.
    pub fn start() -> Option<Team> {
        Team::start_with(|_, _| {})
    }

    /// [`Team::start`], with `before_sharing` run on both laptops once A's folder
    /// exists and before Syncthing shares it.
    pub fn start_with(before_sharing: impl FnOnce(&Laptop, &Laptop)) -> Option<Team> {
        let program = syncthing_program()?;
        // `SOHOA_TEAM_KEEP=1` keeps both laptops' folders and logs to look at.
        let place = tempfile::Builder::new()
            .prefix("sohoa-team-")
            .disable_cleanup(std::env::var("SOHOA_TEAM_KEEP").is_ok_and(|v| v == "1"))
            .tempdir()
            .unwrap();
        let mut a = Laptop::generate(&program, place.path(), "laptop-a", "Lan");
        let mut b = Laptop::generate(&program, place.path(), "laptop-b", "Minh");
        // The office's folder exists before it is shared.
        let out = a.sohoa(&["enterprise", "list"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        before_sharing(&a, &b);
        a.start(&program);
        b.start(&program);
        a.share_with(&b);
        b.share_with(&a);
        let team = Team {
            a,
            b,
            _place: place,
        };
        team.check_network_settings();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !(team.a.connected_to(&team.b) && team.b.connected_to(&team.a)) {
            assert!(
                Instant::now() < deadline,
                "the two instances did not connect:\n{}\n{}",
                team.a.log(),
                team.b.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        team.wait_in_sync(Duration::from_secs(120));
        Some(team)
    }

    /// Stops both instances and checks that no process of theirs is left.
    pub fn stop(self) {
        let place = self._place.path().to_owned();
        drop(self.a);
        drop(self.b);
        assert_eq!(
            processes_under(&place),
            Vec::<String>::new(),
            "processes left running"
        );
    }

    /// Asserts through the REST API that neither instance reaches beyond loopback.
    fn check_network_settings(&self) {
        for laptop in [&self.a, &self.b] {
            let options = laptop.rest("GET", "/rest/config/options", None);
            assert_eq!(
                options["listenAddresses"],
                json!([format!("tcp://127.0.0.1:{}", laptop.listen_port)])
            );
            for off in [
                "globalAnnounceEnabled",
                "localAnnounceEnabled",
                "relaysEnabled",
                "natEnabled",
                "crashReportingEnabled",
            ] {
                assert_eq!(options[off], json!(false), "{off} on {}", laptop.name);
            }
            assert_eq!(options["urAccepted"], json!(-1));
            assert_eq!(options["autoUpgradeIntervalH"], json!(0));
        }
    }

    /// Waits until both instances report the folder complete on both sides, with
    /// nothing left to scan, pull or send; how long that took. Panics after `limit`.
    pub fn wait_in_sync(&self, limit: Duration) -> Duration {
        let start = Instant::now();
        let mut calm = 0;
        let mut last_key = Value::Null;
        let mut report = Value::Null;
        loop {
            let elapsed = start.elapsed();
            assert!(
                elapsed < limit,
                "not in sync after {limit:?}: {report}\nA: {}\nB: {}",
                self.a.log(),
                self.b.log()
            );
            self.a.scan();
            self.b.scan();
            let (sa, sb) = (self.a.status(), self.b.status());
            let (ca, cb) = (self.a.completion_of(&self.b), self.b.completion_of(&self.a));
            let done = |s: &Value| {
                s["state"] == "idle" && s["needTotalItems"] == 0 && s["pullErrors"] == 0
            };
            let complete = |c: &Value| c["completion"] == 100 && c["needItems"] == 0;
            let same = sa["globalFiles"] == sb["globalFiles"]
                && sa["globalBytes"] == sb["globalBytes"]
                && sa["localBytes"] == sb["localBytes"];
            // What must stay still between two looks for the sides to be settled.
            let key = json!([sa["globalBytes"], sa["sequence"], sb["sequence"]]);
            if done(&sa) && done(&sb) && complete(&ca) && complete(&cb) && same {
                calm = if key == last_key { calm + 1 } else { 1 };
                if calm >= 2 {
                    return elapsed;
                }
            } else {
                calm = 0;
            }
            last_key = key;
            report = json!({"a": sa, "b": sb, "a-sees-b": ca, "b-sees-a": cb});
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
