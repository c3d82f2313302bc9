//! Code written against the crate of `base.yaml`, as its users write it:
//! every item they reach, used the ways they use it (fields read with
//! their types, models built with `new` and assigned, requests built with
//! every setter, answers matched exhaustively), so that an edit that
//! breaks any of it does not compile. `tests/agreement.rs` compiles it
//! against the crate of each edit (the crate is `api`) and, where it
//! compiles, runs it: `main` prints the bytes of every request.
#![allow(warnings)]

use api::models::{Kind, Pet, Problem};
use api::operations::{
    CreatePet, CreatePetResponse, DeletePet, DeletePetResponse, GetPet, GetPetResponse, ListPets,
    ListPetsResponse, PutPhoto, PutPhotoResponse,
};
use api::{Operation, RequestError, ResponseError};
use bytes::Bytes;

fn read(pet: &Pet, problem: &Problem) {
    let id: i64 = pet.id;
    let name: &String = &pet.name;
    let tag: &Option<String> = &pet.tag;
    let kind: &Option<Kind> = &pet.kind;
    let nick: &Option<Option<String>> = &pet.nick;
    let tags: &Option<Vec<String>> = &pet.tags;
    let message: &Option<String> = &problem.message;
}

fn build() -> (Pet, Problem) {
    let mut pet = Pet::new(1, "Rex, the very good dog of the Smith house".to_owned());
    pet.tag = Some("Good boy".to_owned());
    pet.kind = Some(Kind::Dog);
    pet.nick = Some(None);
    pet.tags = Some(vec!["young".to_owned()]);
    let mut problem = Problem::default();
    problem.message = Some("gone".to_owned());
    (pet, problem)
}

fn kind(kind: &Kind) -> &'static str {
    match kind {
        Kind::Cat => "cat",
        Kind::Dog => "dog",
        _ => "other",
    }
}

/// Every request, built with every setter; what `main` prints.
fn requests() -> Vec<Result<http::Request<Bytes>, RequestError>> {
    let base = "https://pets.example";
    let list = ListPets::new("rex").limit(10).kinds(vec!["cat".to_owned(), "dog".to_owned()]);
    let (q, limit, kinds): (&String, &Option<i32>, &Option<Vec<String>>) =
        (&list.q, &list.limit, &list.kinds);
    let create = CreatePet::new(build().0);
    let body: &Pet = &create.body;
    let get = GetPet::new(1).x_trace("trace");
    let (id, trace): (&i64, &Option<String>) = (&get.pet_id, &get.x_trace);
    let delete = DeletePet::new(1);
    let id: &i64 = &delete.pet_id;
    // Within the base's limit (1,000 bytes), beyond a tightened one.
    let put = PutPhoto::new(1, Bytes::from(vec![b'p'; 700]));
    let (id, photo): (&i64, &Bytes) = (&put.pet_id, &put.body);
    vec![
        list.to_http_request(base),
        create.to_http_request(base),
        get.to_http_request(base),
        delete.to_http_request(base),
        put.to_http_request(base),
    ]
}

fn answers(answer: impl Fn() -> http::Response<Bytes>) {
    let listed: Result<ListPetsResponse, ResponseError<Problem>> =
        ListPets::parse_response(answer());
    match listed {
        Ok(ListPetsResponse::Ok(pets)) => {
            let pets: Vec<Pet> = pets;
        }
        Err(_) => {}
    }
    let created: Result<CreatePetResponse, ResponseError<serde_json::Value>> =
        CreatePet::parse_response(answer());
    match created {
        Ok(CreatePetResponse::Created(pet)) => read(&pet, &build().1),
        Err(_) => {}
    }
    let got: Result<GetPetResponse, ResponseError<serde_json::Value>> =
        GetPet::parse_response(answer());
    match got {
        Ok(GetPetResponse::Ok(pet)) => read(&pet, &build().1),
        Err(_) => {}
    }
    let deleted: Result<DeletePetResponse, ResponseError<serde_json::Value>> =
        DeletePet::parse_response(answer());
    match deleted {
        Ok(DeletePetResponse::NoContent) => {}
        Err(_) => {}
    }
    let put: Result<PutPhotoResponse, ResponseError<serde_json::Value>> =
        PutPhoto::parse_response(answer());
    match put {
        Ok(PutPhotoResponse::NoContent { e_tag }) => {
            let e_tag: &Option<_> = &e_tag;
        }
        Err(_) => {}
    }
}

/// Prints the bytes of every request (or why it was refused), so the
/// same program run against two crates shows whether an edit changed
/// what goes on the wire.
fn main() {
    for request in requests() {
        match request {
            Ok(request) => {
                println!("{} {}", request.method(), request.uri());
                let mut headers: Vec<String> = request
                    .headers()
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
                    .collect();
                headers.sort();
                for header in headers {
                    println!("{header}");
                }
                println!("{}\n", String::from_utf8_lossy(request.body()));
            }
            Err(error) => println!("refused: {error}\n"),
        }
    }
}
