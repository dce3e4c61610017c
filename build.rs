//! Build script: the Windows program's icon and version resource.
//!
//! Only when building for Windows: `packaging/windows/sohoa.rc.in` gets the
//! package's version and the icon's path, and windres (from the MinGW-w64
//! toolchain that links the program; `WINDRES` names another) compiles it into
//! an object linked into the `sohoa` program. A dozen lines here rather than a
//! resource crate, which would bring a TOML parser into every Linux build.
//! Other targets build nothing.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/sohoa.rc.in");
    println!("cargo:rerun-if-changed=assets/icon/sohoa.ico");
    println!("cargo:rerun-if-env-changed=WINDRES");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let version = std::env::var("CARGO_PKG_VERSION").expect("set by cargo");
    let numbers: Vec<&str> = version.split(['.', '-', '+']).take(3).collect();
    let commas = format!("{},0", numbers.join(","));
    let icon = root.join("assets/icon/sohoa.ico");
    let template = std::fs::read_to_string(root.join("packaging/windows/sohoa.rc.in"))
        .expect("packaging/windows/sohoa.rc.in is readable");
    let rc = template
        .replace("@VERSION_COMMAS@", &commas)
        .replace("@VERSION@", &version)
        .replace("@ICON@", &icon.display().to_string().replace('\\', "/"));
    let rc_path = out.join("sohoa.rc");
    std::fs::write(&rc_path, rc).expect("OUT_DIR is writable");
    let object = out.join("sohoa-resources.o");
    let windres = std::env::var("WINDRES").unwrap_or_else(|_| "x86_64-w64-mingw32-windres".into());
    let status = Command::new(&windres)
        .arg("--codepage=65001")
        .arg("--output-format=coff")
        .arg("--input")
        .arg(&rc_path)
        .arg("--output")
        .arg(&object)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {windres} (MinGW-w64's windres): {e}"));
    assert!(
        status.success(),
        "{windres} failed on {}",
        rc_path.display()
    );
    println!("cargo:rustc-link-arg-bins={}", object.display());
}
