//! Synthetic manifests of any size, for benchmarks and scale tests: products
//! of several kinds declaring every requirement that applies to them, with a
//! realistic mix of statuses and evidence. Deterministic.

use std::fmt::Write as _;

use crate::catalogue::{Embedded, Referential, Scope};

/// A referential document `synthese` of `count` product requirements, most
/// mandatory, each with a required proof, some with an age limit, a few not
/// yet effective: so that every declaration of a synthetic manifest applies.
pub fn referential(count: usize) -> String {
    let mut out = String::from(
        "schema = 1\nid = \"synthese\"\nversion = \"1.0.0\"\nlabel = \"Référentiel synthétique (extrait illustratif pour les mesures)\"\nscope = \"product\"\nsource = \"https://esante.gouv.fr\"\n",
    );
    for i in 0..count {
        let nature = if i % 5 == 4 {
            "preconisation"
        } else {
            "exigence"
        };
        let _ = write!(
            out,
            "\n[[requirement]]\nid = \"SYN.{:02}/REQ.{i:03}\"\nsection = \"SYN.{:02}\"\ntitle = \"Exigence synthétique numéro {i}\"\nnature = \"{nature}\"\ncriticality = \"majeure\"\n",
            i % 12,
            i % 12
        );
        if i % 40 == 39 {
            out.push_str("effective = 2027-06-01\n");
        }
        let _ = write!(
            out,
            "[[requirement.proof]]\nid = \"SYN/REQ.{i:03}.01\"\nkind = \"test-run\"\nrequired = true\n"
        );
        if i % 3 == 0 {
            out.push_str("max-age-days = 365\n");
        }
    }
    out
}

/// A manifest whose `products` products each declare the first
/// `per_product` requirements of `docs` that apply to them.
pub fn manifest(products: usize, per_product: usize, docs: &[Referential]) -> String {
    let uses: Vec<String> = docs.iter().map(|d| format!("\"{}\"", d.id)).collect();
    let mut out = String::with_capacity(products.saturating_mul(per_product.min(1000)) * 400);
    let _ = write!(
        out,
        "schema = 1\n\n[organization]\nname = \"Synthèse Santé SAS\"\nsiren = \"732829320\"\ncontact = \"conformite@synthese.fr\"\n\n[referentials]\nuse = [{}]\n",
        uses.join(", ")
    );
    let kinds = ["lgc", "dpi", "pfi", "ris", "mes-app", "lgo", "sgl", "dui"];
    let services: Vec<String> = [
        "dmp",
        "mssante",
        "insi",
        "pro-sante-connect",
        "e-prescription",
        "apcv",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let profiles = vec!["centres-de-sante".to_string()];
    for p in 0..products {
        let _ = write!(
            out,
            "\n[[product]]\nid = \"produit-{p:03}\"\nname = \"Produit {p}\"\nversion = \"{}.{}.0\"\nkind = \"{}\"\nservices = [\"dmp\", \"mssante\", \"insi\", \"pro-sante-connect\", \"e-prescription\", \"apcv\"]\nprofiles = [\"centres-de-sante\"]\n",
            1 + p % 7,
            p % 10,
            kinds[p % kinds.len()]
        );
    }
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for p in 0..products {
        let kind = kinds[p % kinds.len()];
        let applicable = docs
            .iter()
            .filter(|d| d.scope == Scope::Product)
            .flat_map(|d| d.requirements.iter().map(move |r| (d, r)))
            .filter(|(_, r)| r.applies_to.mismatch(kind, &services, &profiles).is_none())
            .take(per_product);
        for (doc, req) in applicable {
            let status = match next() % 100 {
                0..=79 => "conform",
                80..=87 => "planned",
                88..=92 => "partial",
                93..=96 => "not-applicable",
                _ => "non-conform",
            };
            let _ = write!(
                out,
                "\n[[declaration]]\nproduct = \"produit-{p:03}\"\nrequirement = \"{}:{}\"\nstatus = \"{status}\"\ndeclared = 2026-0{}-1{}\n",
                doc.id,
                req.id,
                1 + next() % 9,
                next() % 10
            );
            match status {
                "planned" => {
                    let _ = writeln!(out, "due = 2027-0{}-15", 1 + next() % 9);
                }
                "conform" => {}
                _ => {
                    let _ = writeln!(
                        out,
                        "justification = \"Travaux engagés avec l'équipe produit ; livraison prévue dans la prochaine version majeure.\""
                    );
                }
            }
            out.push_str("evidence = [\n");
            for proof in &req.proofs {
                let _ = writeln!(
                    out,
                    "  {{ proof = \"{}\", ref = \"RUN-{:08}\", date = 2026-0{}-0{} }},",
                    proof.id,
                    next() % 100_000_000,
                    1 + next() % 9,
                    1 + next() % 9
                );
            }
            let _ = writeln!(
                out,
                "  {{ url = \"https://preuves.synthese.fr/{}/{}\", date = 2026-05-04 }},\n]",
                doc.id,
                next() % 1_000_000
            );
        }
    }
    out
}

/// The newest version of every embedded referential.
pub fn newest_embedded() -> Vec<Referential> {
    let index = Embedded::index().expect("embedded index");
    index
        .referentials
        .iter()
        .filter_map(|entry| {
            entry
                .versions
                .iter()
                .max_by(|a, b| a.version.cmp(&b.version))
        })
        .map(|v| {
            let bytes = Embedded::file(&v.url).expect("embedded document");
            Referential::parse(std::str::from_utf8(bytes).expect("UTF-8")).expect("valid document")
        })
        .collect()
}

/// The columns of a Squash `REQUIREMENT` sheet, in the export's order.
pub const SQUASH_COLUMNS: [&str; 28] = [
    "PROJECT_ID",
    "PROJECT_NAME",
    "REQ_PATH",
    "REQ_NUM",
    "REQ_ID",
    "REQ_VERSION_NUM",
    "REQ_VERSION_ID",
    "REQ_VERSION_REFERENCE",
    "REQ_VERSION_NAME",
    "REQ_VERSION_CRITICALITY",
    "REQ_VERSION_CATEGORY",
    "REQ_VERSION_STATUS",
    "REQ_VERSION_DESCRIPTION",
    "REQ_VERSION_#_TC",
    "REQ_VERSION_#_ATTACHEMENT",
    "REQ_VERSION_CREATED_ON",
    "REQ_VERSION_CREATED_BY",
    "REQ_VERSION_LAST_MODIFIED_ON",
    "REQ_VERSION_LAST_MODIFIED_BY",
    "REQ_VERSION_MILESTONE",
    "REQ_VERSION_CUF_BLOC",
    "REQ_VERSION_CUF_FONCTION",
    "REQ_VERSION_CUF_PROFIL",
    "REQ_VERSION_CUF_SECTION",
    "REQ_VERSION_CUF_APPROB",
    "REQ_VERSION_CUF_NOTE_INTERNE",
    "REQ_VERSION_CUF_SEGUR_REM",
    "REQ_VERSION_CUF_COM_LAST_EVOL",
];

/// The columns of a Squash `LINK_REQ_REQ` sheet.
pub const SQUASH_LINK_COLUMNS: [&str; 5] = [
    "REQ_PATH",
    "REQ_VERSION_NUM",
    "RELATED_REQ_PATH",
    "RELATED_REQ_VERSION_NUM",
    "RELATED_REQ_ROLE",
];

/// A synthetic Squash export, as the cells of its two sheets (header
/// first): `versions` requirement versions over 14 projects (4 socles and
/// 10 REMs), a third of the requirements in two versions (some renumbered
/// or reworded, some older ones obsolete), under profiles and sections,
/// with HTML descriptions of a few hundred characters; and `links` rows
/// deriving REM requirements from socle ones.
pub fn squash(versions: usize, links: usize) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    const SOCLES: [&str; 4] = [
        "SC_MSS_Messagerie sécurisée [va2]",
        "SC_SSI_Sécurité [va2]",
        "SC_INS_Identité nationale de santé [va2]",
        "SC_PSC_Pro Santé Connect [va2]",
    ];
    const REMS: [(&str, &str); 10] = [
        ("REM_LGC_Logiciels de Gestion de Cabinet [va2]", "LGC"),
        ("REM_HOP-DPI_Hôpital [va2]", "DPI"),
        ("REM_HOP-PFI_Plateforme d'intermédiation [va2]", "PFI"),
        ("REM_RIS_Radiologie [va2]", "RIS"),
        ("REM_SGL_Biologie [va2]", "SGL"),
        ("REM_DB_DRIM-m [va2]", "DB"),
        ("REM_DUI_Dossier usager informatisé [va2]", "DUI"),
        ("REM_LGO_Officine [va2]", "LGO"),
        ("REM_MES_Applications [va2]", "MES"),
        ("REM_CDS_Centres de santé [va2]", "LGC|DPI"),
    ];
    let profiles = [
        "Profil Général",
        "Profil BAL PER\\/ORG",
        "Profil IAM",
        "Profil Référentiel d'identités",
    ];
    let mut rows = vec![SQUASH_COLUMNS.iter().map(|c| (*c).to_string()).collect()];
    // (path, version, project index) of each requirement's newest version.
    let mut newest: Vec<(String, usize, usize)> = Vec::new();
    let mut i = 0;
    let mut req = 0;
    while i < versions {
        let project = req % 14;
        let (name, kinds) = if project < 4 {
            (SOCLES[project], "")
        } else {
            REMS[project - 4]
        };
        let code = name.split('_').nth(1).unwrap_or("X");
        let section = format!("{code}/S{:02}", req % 9);
        let profile = profiles[if req % 7 == 3 { 1 + req % 3 } else { 0 }];
        let path = format!("/{name}/{profile}/{section}/Exigence {req}");
        let count = if req % 3 == 0 { 2 } else { 1 }.min(versions - i);
        for v in 1..=count {
            let renumbered = count == 2 && v == 1 && req % 6 == 0;
            let reference = if renumbered {
                format!("SC.{code}/{:02}.{req:04}", req % 9)
            } else {
                format!("{code}/{:02}.{req:04}", req % 9)
            };
            let status = if count == 2 && v == 1 && req % 9 == 0 {
                "OBSOLETE"
            } else {
                "APPROVED"
            };
            let wording = if v == count { "DOIT" } else { "DEVRAIT" };
            let description = format!(
                "<p>Le logiciel {wording} permettre &agrave; l&rsquo;utilisateur de r&eacute;aliser l&rsquo;op&eacute;ration num&eacute;ro {req} dans le respect du r&eacute;f&eacute;rentiel, en tra&ccedil;ant chaque action.</p><p>Il {wording} afficher un message explicite en cas d&rsquo;&eacute;chec<br/>et conserver la trace de l&rsquo;erreur pendant au moins un an.</p>"
            );
            let cells = [
                (100 + project).to_string(),
                name.to_string(),
                path.clone(),
                req.to_string(),
                (20_000 + req).to_string(),
                v.to_string(),
                (50_000 + i).to_string(),
                reference,
                format!("Opération numéro {req}"),
                if req % 4 == 0 { "MINOR" } else { "MAJOR" }.to_string(),
                if req % 5 == 4 { "PRECO" } else { "CRI" }.to_string(),
                status.to_string(),
                description,
                (req % 3).to_string(),
                "0".to_string(),
                "2022-10-25".to_string(),
                "ans".to_string(),
                format!("2023-{:02}-{:02}", 1 + req % 12, 1 + req % 28),
                "ans".to_string(),
                if v == count {
                    "Version 1.1|IT2"
                } else {
                    "Version 1.0|IT1"
                }
                .to_string(),
                format!("Bloc {}", req % 5),
                format!("Fonction {}", req % 11),
                "Général".to_string(),
                format!("{section}_Section {}", req % 9),
                "OUI".to_string(),
                String::new(),
                kinds.to_string(),
                if v > 1 { "Reformulation" } else { "" }.to_string(),
            ];
            rows.push(cells.to_vec());
            i += 1;
        }
        newest.push((path, count, project));
        req += 1;
    }
    let socle: Vec<&(String, usize, usize)> = newest.iter().filter(|n| n.2 < 4).collect();
    let rem: Vec<&(String, usize, usize)> = newest.iter().filter(|n| n.2 >= 4).collect();
    let mut link_rows = vec![SQUASH_LINK_COLUMNS
        .iter()
        .map(|c| (*c).to_string())
        .collect()];
    for k in 0..links {
        if socle.is_empty() || rem.is_empty() {
            break;
        }
        let child = rem[k % rem.len()];
        let parent = socle[(k * 7) % socle.len()];
        let (a, b, role) = if k % 2 == 0 {
            (child, parent, "SEGUR_PARENT")
        } else {
            (parent, child, "SEGUR_DERIVATED")
        };
        link_rows.push(vec![
            a.0.clone(),
            a.1.to_string(),
            b.0.clone(),
            b.1.to_string(),
            role.to_string(),
        ]);
    }
    (rows, link_rows)
}

/// A synthetic CISO Assistant framework library of `nodes` requirement
/// nodes: chapters of ten nodes, each a section over nine assessable
/// requirements, every other one without a `ref_id` (so its id is derived),
/// in two implementation groups, with annotations and typical evidence.
pub fn ciso_library(nodes: usize) -> String {
    let mut out = String::from(
        "urn: urn:intuitem:risk:library:synthese\nlocale: fr\nref_id: SYNTHESE\nname: Référentiel synthétique\ndescription: Un référentiel synthétique pour les mesures\ncopyright: Synthèse\nversion: 3\npublication_date: 2024-05-02\nprovider: Synthèse\npackager: synthese\nobjects:\n  framework:\n    urn: urn:intuitem:risk:framework:synthese\n    ref_id: SYNTHESE\n    name: Référentiel synthétique\n    description: Un référentiel synthétique pour les mesures\n    implementation_groups_definition:\n    - ref_id: standard\n      name: Standard\n    - ref_id: renforce\n      name: Renforcé\n    requirement_nodes:\n",
    );
    let mut chapter = String::new();
    for i in 0..nodes {
        if i % 10 == 0 {
            chapter = format!("urn:intuitem:risk:req_node:synthese:ch{}", i / 10);
            let _ = write!(
                out,
                "    - urn: {chapter}\n      assessable: false\n      depth: 1\n      ref_id: CH{}\n      name: Chapitre {}\n",
                i / 10,
                i / 10
            );
            continue;
        }
        let _ = write!(
            out,
            "    - urn: urn:intuitem:risk:req_node:synthese:node{i}\n      assessable: true\n      depth: 2\n      parent_urn: {chapter}\n"
        );
        if i % 2 == 0 {
            let _ = writeln!(out, "      ref_id: SYN.{i:03}");
        }
        let _ = write!(
            out,
            "      description: \"Le prestataire doit mettre en \\u0153uvre la mesure num\\xE9ro {i}, la documenter\\\n        \\ et la r\\xE9viser chaque ann\\xE9e.\"\n      annotation: >-\n        Cette mesure s'applique à tous les systèmes\n        qui traitent des données de santé.\n      implementation_groups:\n      - standard\n"
        );
        if i % 3 == 0 {
            out.push_str("      - renforce\n");
        }
        let _ = writeln!(
            out,
            "      typical_evidence: Procédure écrite et capture d'écran de la configuration {i}"
        );
    }
    out
}
