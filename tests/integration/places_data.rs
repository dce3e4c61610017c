//! The embedded places are what their generator makes of the pinned sources.

use std::path::Path;
use std::process::Command;

#[test]
fn the_embedded_places_are_in_step_with_their_generator_and_its_pinned_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("assets/places/generate.py"))
        .arg("--check")
        .arg("--cache")
        .arg(root.join("target/places-sources"))
        .output()
        .expect("python3 runs the places generator");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(said.contains("in step with the generator"), "{said}");
}

#[test]
fn the_generator_notices_a_hand_edit_of_the_embedded_places() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    let places = copy.path().join("assets/places");
    std::fs::create_dir_all(&places).unwrap();
    for entry in std::fs::read_dir(root.join("assets/places")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), places.join(entry.file_name())).unwrap();
    }
    let communes = places.join("communes.tsv");
    let text = std::fs::read_to_string(&communes).unwrap();
    std::fs::write(&communes, text.replace("Xã Ba Tri\t", "Xã Ba Tri Mới\t")).unwrap();
    let out = Command::new("python3")
        .arg(places.join("generate.py"))
        .arg("--check")
        .arg("--cache")
        .arg(root.join("target/places-sources"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("out of step with the generator: communes.tsv"),
        "{said}"
    );
}
